package io.smile.federation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a member finds its own rows: its id and its data file, in the job's format. Without a file a
 * job may generate demonstration rows (seeded by the id) or refuse. The rows stay in the member's
 * process; only encrypted contributions leave it.
 */
public record MemberData(int member, Optional<Path> file) {
    public MemberData {
        if (member <= 0) {
            throw new IllegalArgumentException("member id must be > 0, got " + member);
        }
        file = file == null ? Optional.empty() : file;
    }
}
