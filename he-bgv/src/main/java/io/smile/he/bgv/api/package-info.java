/**
 * The pure-Java BGV engine behind the backend-neutral {@link io.smile.he.api} interface.
 * {@link io.smile.he.bgv.api.BgvBackend} (name {@value io.smile.he.bgv.api.BgvBackend#NAME}) is
 * registered with {@link java.util.ServiceLoader}; everything else in this package is an
 * implementation detail reached through the interfaces. Bytes are read and written with
 * {@link io.smile.he.wire.BgvSerializer}.
 *
 * <p>The adapter layer: may depend on he-api, {@code bgv}, {@code wire}, {@code rlwe},
 * {@code ring} and the JDK; nothing in the engine depends on it (checked by {@code LayeringTest}).
 */
package io.smile.he.bgv.api;
