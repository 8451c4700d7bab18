/**
 * What the scoring and the segment side share about incoming messages: the rejection
 * {@link io.smile.cloud.intake.Reason}s (the one list; the READMEs' tables are checked against it)
 * and {@link io.smile.cloud.intake.Rejection}, the single key-registration intake for both
 * {@link io.smile.cloud.intake.KeyKind}s with its shared checks
 * ({@link io.smile.cloud.intake.CheckedRegistration}), the fair bounded worker pool and the
 * {@link io.smile.cloud.intake.Publisher} answers go out through.
 *
 * <p>May depend on {@code smile-protocol} and logging only: no other package of the service.
 */
package io.smile.cloud.intake;
