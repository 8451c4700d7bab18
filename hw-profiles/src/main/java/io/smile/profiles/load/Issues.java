package io.smile.profiles.load;

import io.smile.profiles.ProfileError;
import io.smile.profiles.ProfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The problems found in one file, collected so that a reader reports all of them together in one
 * {@link ProfileException} instead of stopping at the first.
 */
final class Issues {
    private final String file;
    private final List<ProfileError> errors = new ArrayList<>();

    Issues(String file) {
        this.file = file;
    }

    void add(String path, String message) {
        errors.add(new ProfileError(file, path, message));
    }

    void addAll(List<ProfileError> more) {
        errors.addAll(more);
    }

    /** Number of problems so far (a reader compares it to tell whether a block added any). */
    int count() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ProfileException(errors);
        }
    }

    /** Records {@code name} as seen at {@code path}; a second sighting is an error naming the first. */
    boolean unique(Map<String, String> seen, String name, String path, String what) {
        String first = seen.putIfAbsent(name, path);
        if (first != null) {
            add(path, "duplicate " + what + " '" + name + "' (first at " + first + ")");
            return false;
        }
        return true;
    }

    /** The profile's {@code id} must equal its file name (when there is one). */
    void checkId(String id, String expectedId) {
        if (expectedId != null && !expectedId.equals(id)) {
            add("$.id", "profile id '" + id + "' does not match the file name '" + expectedId + ".yaml'");
        }
    }
}
