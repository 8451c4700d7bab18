/**
 * Federated training of the predictive-maintenance model: {@link io.smile.pdm.federated.FederatedPdmJob}
 * is a {@code FederatedJob} of the secure-sum runtime (a standardization round, then full-batch
 * gradient rounds; optionally (ε, δ)-DP with distributed noise), each site holding only its
 * {@link io.smile.pdm.federated.SiteData} and all sharing one public
 * {@link io.smile.pdm.federated.PdmConfig}; hosts find it as {@code pdm-training} through
 * {@link io.smile.pdm.federated.FederatedPdmJobFactory}; {@link io.smile.pdm.federated.FederatedPdmTraining}
 * runs it over sites cut from the AI4I training split and compares it with central and
 * single-site training on the held-out split of {@code io.smile.pdm.training}. See
 * {@code docs/federation.md}.
 *
 * <p>Depends on {@code io.smile.pdm.model} (model, trainer, metrics), {@code io.smile.pdm.training} (the
 * split and data loading), ai4i-data, smile-federation (job contract, runtime, DP noise) and
 * he-bgv (the BGV context of an encrypted run); no broker and no command line.
 */
package io.smile.pdm.federated;
