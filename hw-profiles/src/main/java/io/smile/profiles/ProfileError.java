package io.smile.profiles;

import java.util.Objects;

/**
 * One problem found in a profile file.
 *
 * @param file    the file name as shown to the user (e.g. {@code fleet.yaml}, or a classpath name)
 * @param path    JSON path of the offending field (e.g. {@code $.gateways[0].machines[2].profile});
 *                {@code $} for the whole document
 * @param message what is wrong
 */
public record ProfileError(String file, String path, String message) {
    public ProfileError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file: path: message}, the form used in exception messages. */
    @Override
    public String toString() {
        return file + ": " + path + ": " + message;
    }
}
