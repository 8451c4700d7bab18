package io.smile.cli.federation;

import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smile federation identity}: creates this site's long-term Ed25519 signing identity in its
 * state directory (the private key file is readable by its owner only and never leaves the site),
 * or shows the existing one, and prints the roster line to enrol out of band.
 */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "Create (or show) this site's federation signing identity and print its roster line.")
public final class IdentityCommand implements Callable<Integer> {
    @Option(names = "--state-dir", required = true, description = "this site's state directory")
    Path stateDir;

    @Option(names = "--id", required = true, description = "this site's member id (> 0)")
    int id;

    /** The identity file of member {@code id} in {@code stateDir}. */
    static Path file(Path stateDir, int id) {
        return stateDir.resolve("federation-identity-" + id + ".key");
    }

    @Override
    public Integer call() throws Exception {
        if (id <= 0) {
            throw new IllegalArgumentException("member ids are > 0 (0 is the coordinator), got " + id);
        }
        Files.createDirectories(stateDir);
        Path file = file(stateDir, id);
        SigningIdentity identity;
        if (Files.exists(file)) {
            identity = SigningIdentity.load(file);
            System.out.println("existing identity " + file);
        } else {
            identity = SigningIdentity.generate(id);
            identity.save(file);
            System.out.println("created identity " + file + " (owner read/write only)");
        }
        System.out.println("fingerprint " + Roster.fingerprint(identity.publicKey()));
        System.out.println("roster line:");
        System.out.println(id + " " + Roster.encode(identity.publicKey()));
        return 0;
    }
}
