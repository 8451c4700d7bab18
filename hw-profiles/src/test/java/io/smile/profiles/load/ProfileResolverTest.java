package io.smile.profiles.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.profiles.GatewayProfile;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.load.ProfileResolver.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile ids to profiles: files next to the fleet override the built-ins; each id is read once. */
class ProfileResolverTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final MachineProfileReader MACHINES = new MachineProfileReader(VALIDATOR);
    private static final GatewayProfileReader GATEWAYS = new GatewayProfileReader(VALIDATOR);

    @TempDir
    Path dir;

    private static String builtin(String kind, String id) {
        return YamlDocument.classpath(ProfileResolver.CLASSPATH_ROOT + kind + "/" + id + ".yaml").orElseThrow().text();
    }

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void builtInsWithoutADirectory() {
        ProfileResolver r = new ProfileResolver(null, MACHINES, GATEWAYS);
        MachineProfile m = ((Resolution.Found<MachineProfile>) r.machine("ai4i-milling")).profile();
        assertEquals("classpath:profiles/machines/ai4i-milling.yaml", m.source());
        assertInstanceOf(Resolution.Found.class, r.gateway("x86-edge-server"));
        assertEquals(ProfileResolver.BUILTIN_MACHINE_PROFILES, r.known(ProfileResolver.Kind.MACHINE));
        assertEquals(ProfileResolver.BUILTIN_GATEWAY_PROFILES, r.known(ProfileResolver.Kind.GATEWAY));
    }

    @Test
    void aFileNextToTheFleetOverridesTheBuiltInAndAddsToTheKnownIds() throws IOException {
        Path local = write("machines/ai4i-milling.yaml", builtin("machines", "ai4i-milling")
                .replace("model: AI4I-2020 milling machine", "model: locally tuned mill"));
        write("machines/lathe-7.yaml", builtin("machines", "ai4i-milling").replace("id: ai4i-milling", "id: lathe-7"));
        ProfileResolver r = new ProfileResolver(dir, MACHINES, GATEWAYS);
        MachineProfile m = ((Resolution.Found<MachineProfile>) r.machine("ai4i-milling")).profile();
        assertEquals("locally tuned mill", m.model());
        assertEquals(local.toString(), m.source());
        assertEquals(List.of("ai4i-milling", "centrifugal-pump", "lathe-7"), r.known(ProfileResolver.Kind.MACHINE));
        // a kind without a local folder falls back to the built-ins
        GatewayProfile g = ((Resolution.Found<GatewayProfile>) r.gateway("arm-gateway-small")).profile();
        assertTrue(g.source().startsWith("classpath:"), g.source());
    }

    @Test
    void unknownAndMalformedIdsResolveToNothing() {
        ProfileResolver r = new ProfileResolver(dir, MACHINES, GATEWAYS);
        assertInstanceOf(Resolution.Unknown.class, r.machine("no-such-mill"));
        assertInstanceOf(Resolution.Unknown.class, r.gateway("Bad_Id"));
        // an id is never a path
        assertInstanceOf(Resolution.Unknown.class, r.machine("../machines/ai4i-milling"));
    }

    @Test
    void anInvalidProfileIsReadOnceAndKeepsItsErrors() throws IOException {
        write("gateways/arm-gateway-small.yaml", builtin("gateways", "arm-gateway-small").replace("threads: 2", "threads: 64"));
        ProfileResolver r = new ProfileResolver(dir, MACHINES, GATEWAYS);
        Resolution<GatewayProfile> first = r.gateway("arm-gateway-small");
        Resolution.Invalid<GatewayProfile> invalid = assertInstanceOf(Resolution.Invalid.class, first);
        assertEquals("$.threads", invalid.error().errors().get(0).path());
        assertSame(first, r.gateway("arm-gateway-small"));
    }
}
