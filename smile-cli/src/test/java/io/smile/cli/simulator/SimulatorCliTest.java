package io.smile.cli.simulator;

import io.smile.simulator.SimulatorConfig;
import io.smile.data.ai4i.ProductType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulatorCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SimulatorCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void runsAFixedNumberOfStepsOnAFreePort() {
        int code = run("--machines", "2", "--port", "0", "--rate", "0", "--records", "3", "--security", "NONE");
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().matches("(?s)endpoint opc\\.tcp://127\\.0\\.0\\.1:\\d+/smile-sim\\R"
                + "machines Mill01,Mill02\\R.*"), out.toString());
        assertTrue(out.toString().contains("published 6 records"), out.toString());
    }

    @Test
    void fleetGatewayMachinesAndRateMode() {
        int code = run("--fleet", "example-fleet", "--machines", "3", "--port", "0", "--rate", "100",
                "--records", "2", "--security", "NONE");
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().contains("machines Mill01,Mill02,Mill03"), out.toString());
        assertTrue(out.toString().contains("/smile-sim"), out.toString());
        SimulatorCli cli = new SimulatorCli();
        new picocli.CommandLine(cli).parseArgs("--fleet", "example-fleet");
        SimulatorConfig config = cli.config();
        assertEquals(4840, config.port());
        assertEquals(8, config.machines().size());
        assertEquals(ProductType.H, config.machines().get(7).fixedType().orElseThrow());
    }

    @Test
    void badInputExitsWithAClearMessage(@TempDir Path dir) {
        Path missing = dir.resolve("ai4i2020.csv");
        assertEquals(1, run("--data", missing.toString(), "--port", "0", "--rate", "0", "--records", "1"));
        assertTrue(err.toString().contains("error: " + missing) && err.toString().contains("not found"),
                err.toString());
        assertEquals(2, run("--rate", "fast"));
        assertTrue(err.toString().contains("--rate"), err.toString());
        assertEquals(1, run("--fleet", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("nope.yaml: $: file not found"), err.toString());
        assertEquals(1, run("--fleet", "example-fleet", "--machines", "9", "--port", "0", "--records", "1"));
        assertTrue(err.toString().contains("has 8 machines, cannot simulate 9"), err.toString());
    }
}
