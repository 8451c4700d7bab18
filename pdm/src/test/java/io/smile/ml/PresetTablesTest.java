package io.smile.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import io.smile.profiles.BgvPresetName;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** hw-profiles keeps its own copy of the preset table (it does not depend on the engine): they must agree. */
class PresetTablesTest {
    @Test
    void profilePresetNamesDescribeTheEnginePresets() {
        assertEquals(BgvPreset.values().length, BgvPresetName.values().length);
        for (BgvPresetName name : BgvPresetName.values()) {
            BgvParameters p = BgvPreset.valueOf(name.name()).parameters();
            assertEquals(p.degree(), name.degree(), name.name());
            assertEquals(p.plainModulus(), BgvPresetName.PLAIN_MODULUS, name.name());
            assertEquals(p.ciphertextPrimes().length, name.ciphertextPrimeBits().size(), name.name());
            assertEquals(Arrays.stream(p.ciphertextPrimes()).mapToInt(q -> 64 - Long.numberOfLeadingZeros(q)).boxed().toList(),
                    name.ciphertextPrimeBits(), name.name());
            assertEquals(Arrays.stream(p.specialPrimes()).mapToInt(q -> 64 - Long.numberOfLeadingZeros(q)).boxed().toList(),
                    name.specialPrimeBits(), name.name());
            assertEquals(BgvPreset.valueOf(name.name()).depth(), name.depth(), name.name());
        }
    }
}
