/**
 * Synthetic data: each factory fits a Gaussian copula per class label on its own rows and shares
 * only sampled rows; the model is trained on the pooled synthetic rows and tested on real held-out
 * rows. {@link io.smile.compare.synthetic.PrivacyChecks} measures how close the synthetic rows
 * come to the real ones (distance to closest record, a membership-inference attack).
 */
package io.smile.compare.synthetic;
