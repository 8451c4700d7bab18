/**
 * The predictive-maintenance model under encryption (see {@code docs/pdm-model.md}): the AI4I
 * features of the {@code ai4i-milling} profile ({@link io.smile.pdm.model.Ai4iFeatures}), the public
 * integer encoding the gateways apply ({@link io.smile.pdm.model.FeatureEncoding}), the quadratic model
 * and its trainer ({@link io.smile.pdm.model.QuadraticModel}, {@link io.smile.pdm.model.QuadraticTrainer}), the
 * integer model the cloud evaluates ({@link io.smile.pdm.model.QuantizedModel}), its BGV parameters
 * ({@link io.smile.pdm.model.PdmParameters}), the versioned model file ({@link io.smile.pdm.model.ModelFile}),
 * quality metrics ({@link io.smile.pdm.model.Metrics}) and the cloud's
 * {@link io.smile.pdm.model.EncryptedScorer} (decision blinding, {@link io.smile.pdm.model.DecisionBlinding},
 * mask, flood, lowest level before a result leaves).
 *
 * <p>Depends on he-api (never on an engine), hw-profiles (the features are the profile's) and
 * Jackson (the model file). The edge agent, the cloud service, training and the federated job
 * build on it.
 */
package io.smile.pdm.model;
