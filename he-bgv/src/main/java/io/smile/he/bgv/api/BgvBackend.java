package io.smile.he.bgv.api;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeException;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import io.smile.he.ring.Parallel;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.ExpandedKeyCache;
import io.smile.he.wire.BgvSerializer;
import io.smile.he.wire.WireFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The pure-Java RNS/NTT BGV engine as an {@link HeBackend}. Presets are the {@link BgvPreset}
 * names ({@code N4096_DEPTH1} .. {@code N32768_DEPTH19}, case-insensitive); explicit specs go
 * through {@link BgvParameters#builder()}. Stateless; the public no-argument constructor is for
 * {@link java.util.ServiceLoader}.
 */
public final class BgvBackend implements HeBackend {
    /** The name this backend is registered under. */
    public static final String NAME = "bgv-java";

    public BgvBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> presetNames() {
        List<String> names = new ArrayList<>();
        for (BgvPreset p : BgvPreset.values()) {
            names.add(p.name());
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public HeSession open(HeParameterSpec spec) {
        return open(spec, RandomSource.secure());
    }

    /**
     * Opens a session with an explicit randomness source. A deterministic source (reproducible
     * tests, known-answer vectors) is accepted only together with
     * {@link HeParameterSpec#allowingInsecureForTestsOnly()}, so it cannot slip into production.
     */
    public HeSession open(HeParameterSpec spec, RandomSource random) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(random, "random");
        if (random.isDeterministic() && !spec.allowInsecureForTestsOnly()) {
            throw new HeException("a deterministic randomness source is for tests only: "
                    + "the spec must say allowingInsecureForTestsOnly()");
        }
        BgvParameters params = resolve(spec);
        int threads = spec.threads() == 0 ? Parallel.defaultThreads() : spec.threads();
        return new BgvSession(BgvContext.create(params, threads, random));
    }

    /** The engine parameters a spec denotes. */
    static BgvParameters resolve(HeParameterSpec spec) {
        switch (spec.kind()) {
            case PRESET: {
                String name = spec.presetName().toUpperCase(Locale.ROOT);
                for (BgvPreset p : BgvPreset.values()) {
                    if (p.name().equals(name)) {
                        return p.parameters();
                    }
                }
                throw new HeException("unknown preset '" + spec.presetName() + "' for backend " + NAME
                        + "; available: " + new BgvBackend().presetNames());
            }
            case EXPLICIT:
                try {
                    BgvParameters.Builder b = BgvParameters.builder().degree(spec.degree())
                            .plainModulus(spec.plainModulus()).ciphertextPrimeBits(spec.ciphertextPrimeBits())
                            .specialPrimeBits(spec.specialPrimeBits());
                    if (spec.allowInsecureForTestsOnly()) {
                        b.allowInsecureForTestsOnly();
                    }
                    return b.build();
                } catch (IllegalArgumentException e) {
                    throw new HeException("parameters refused: " + e.getMessage(), e);
                }
            case SERIALIZED:
                try {
                    return BgvSerializer.readParameters(spec.serializedParameters(), spec.allowInsecureForTestsOnly());
                } catch (WireFormatException | IllegalArgumentException e) {
                    throw new HeFormatException("serialized parameters refused: " + e.getMessage(), e);
                }
            default:
                throw new IllegalStateException("unknown spec kind " + spec.kind());
        }
    }

    /**
     * Caps the process-wide {@link ExpandedKeyCache#shared()} that holds the re-expanded uniform
     * rows of the compact evaluation keys every session decodes (default 256 MiB; 0 = re-expand on
     * every key switch). Evicts down to the new cap at once.
     */
    @Override
    public void setExpandedKeyCacheBytes(long bytes) {
        ExpandedKeyCache.shared().setCapacityBytes(bytes);
    }

    @Override
    public String toString() {
        return "BgvBackend(" + NAME + ")";
    }
}
