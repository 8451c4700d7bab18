/** {@code smile compare}: the measured comparison of HE with SMPC, DP, synthetic data and transfer learning (smile-compare). */
package io.smile.cli.compare;
