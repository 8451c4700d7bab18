/**
 * Workforce segmentation on the IBM HR attrition data: federated k-means over organisational
 * units, and encrypted assignment of employees to the released segments (see
 * {@code docs/workforce.md}).
 *
 * <ul>
 *   <li>Data: {@link io.smile.workforce.HrDataset} reads and validates the CSV into
 *       {@link io.smile.workforce.HrRecord}s by the public column plan of
 *       {@link io.smile.workforce.HrSchema}; {@link io.smile.workforce.HrEncoding} turns them into
 *       the integer vectors that are clustered; {@link io.smile.workforce.Units} splits rows into
 *       units.</li>
 *   <li>Federated k-means: {@link io.smile.workforce.FederatedKMeansJob} is a
 *       {@code FederatedJob} of the secure-sum runtime (EXACT or distributed-DP), configured by the
 *       public {@link io.smile.workforce.KMeansJobConfig} and found by hosts as {@code workforce-kmeans}
 *       through {@link io.smile.workforce.FederatedKMeansJobFactory}; {@link io.smile.workforce.FederatedKMeansRun}
 *       runs it on the encrypted runtime or on the plaintext
 *       {@link io.smile.workforce.InProcessSumHarness} and compares it with the plaintext
 *       {@link io.smile.workforce.KMeans} ({@link io.smile.workforce.ClusterMetrics}: ARI,
 *       silhouette). The released centroids are a {@link io.smile.workforce.SegmentModelFile}.</li>
 *   <li>Encrypted assignment: a unit's {@link io.smile.workforce.SegmentClient} (holds its secret
 *       key) packs employees by {@link io.smile.workforce.AssignmentLayout}; the cloud's
 *       {@link io.smile.workforce.SegmentAssignmentService} (public and evaluation keys only)
 *       returns the encrypted distances to the centroids; {@link io.smile.workforce.AssignmentMessages}
 *       is the wire format of requests and answers (written with smile-protocol's codec).</li>
 * </ul>
 *
 * <p>Depends on he-api (assignment), smile-federation (the job contract, the runtime, DP noise),
 * he-bgv (the BGV context of an encrypted run), smile-protocol's codec and Jackson (the segment
 * file); no MQTT client, no
 * broker and no command line (the cloud service and {@code ./smile workforce} build on it).
 */
package io.smile.workforce;
