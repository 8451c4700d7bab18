/**
 * Encrypted workforce-segment assignment: {@code SegmentationEngine} takes unit registrations and
 * segment requests (MQTT and REST), {@code SegmentUnits} holds the units' keys and assignment
 * services, {@code SegmentModel} the centroids (never shown), {@code SegmentMetrics} the meters.
 *
 * <p>May depend on {@code intake}, {@code mqtt} (its handler interface), {@code he-api},
 * {@code smile-protocol} and {@code workforce-segmentation}; not on {@code scoring},
 * {@code federation} or {@code api}.
 */
package io.smile.cloud.segments;
