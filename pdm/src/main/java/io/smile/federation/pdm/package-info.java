/**
 * Federated training of the predictive-maintenance model: {@link io.smile.federation.pdm.FederatedPdmJob}
 * (standardization, gradient and threshold rounds, optional distributed DP), its factory
 * {@code pdm-training}, the sites' data and the comparison with central training. May depend on
 * the runtime ({@code io.smile.federation}, {@code dp}), smile-ml, model-training and ai4i-data.
 */
package io.smile.federation.pdm;
