package io.smile.federation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Makes the instances of one kind of {@link FederatedJob} from its public parameters: the
 * coordinator's data-less instance that follows the released sums, and each member's instance over
 * its own rows. Hosts (the cloud service, the command line) find factories by {@link #name()}
 * through {@link ServiceLoader} (a {@code META-INF/services/io.smile.federation.FederatedJobFactory}
 * line per factory), so they need not know the jobs they run.
 *
 * <p>The coordinator and every member must be given the same {@link JobParameters}: the jobs agree
 * on the contribution layout and on when to stop only through them.
 */
public interface FederatedJobFactory {
    /** The job's name, as requested over REST ({@code job}) and as {@link FederatedJob#name()} reports it. */
    String name();

    /**
     * The coordinator's public instance: no rows, it only follows the released sums.
     *
     * @throws IllegalArgumentException if a parameter is malformed or out of the job's range
     */
    FederatedJob observer(JobParameters parameters);

    /**
     * A member's instance over its own rows, read from {@code data} (each job reads its own format);
     * its noise shares come from a secure random source.
     *
     * @throws IllegalArgumentException if a parameter is malformed or out of the job's range
     * @throws IOException if the member's data cannot be read
     */
    FederatedJob member(JobParameters parameters, MemberData data) throws IOException;

    /** Every factory on the class path, by name. */
    static SortedMap<String, FederatedJobFactory> available() {
        TreeMap<String, FederatedJobFactory> byName = new TreeMap<>();
        for (FederatedJobFactory f : ServiceLoader.load(FederatedJobFactory.class)) {
            FederatedJobFactory other = byName.putIfAbsent(f.name(), f);
            if (other != null && other.getClass() != f.getClass()) {
                throw new IllegalStateException("two job factories named " + f.name() + ": " + other.getClass().getName()
                        + " and " + f.getClass().getName());
            }
        }
        return byName;
    }

    /**
     * The factory of job {@code name}.
     *
     * @throws IllegalArgumentException naming the known jobs if there is none
     */
    static FederatedJobFactory byName(String name) {
        SortedMap<String, FederatedJobFactory> all = available();
        FederatedJobFactory f = all.get(name);
        if (f == null) {
            List<String> known = new ArrayList<>(all.keySet());
            throw new IllegalArgumentException("unknown job '" + name + "' (known: " + String.join(", ", known) + ")");
        }
        return f;
    }
}
