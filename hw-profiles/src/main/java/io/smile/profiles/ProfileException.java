package io.smile.profiles;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile or fleet file could not be loaded. The message lists every problem found, one per
 * line, each as {@code file: $.json.path: what is wrong}.
 */
public class ProfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ProfileError> errors;

    public ProfileException(List<ProfileError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    public ProfileException(ProfileError error) {
        this(List.of(error));
    }

    public ProfileException(ProfileError error, Throwable cause) {
        super(format(List.of(error)), cause);
        this.errors = List.of(error);
    }

    /** All problems found (at least one). */
    public List<ProfileError> errors() {
        return errors;
    }

    private static String format(List<ProfileError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ProfileException needs at least one error");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " problems:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
