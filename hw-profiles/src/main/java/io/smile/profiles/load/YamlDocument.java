package io.smile.profiles.load;

import io.smile.profiles.ProfileError;
import io.smile.profiles.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The text of one profile or fleet file with the name its errors are reported under (the path as
 * given, or {@code classpath:...} for a built-in).
 *
 * @param name the file name shown in errors
 * @param text the YAML text
 * @param path the file, null for a classpath resource or a text given directly
 */
public record YamlDocument(String name, String text, Path path) {
    /** Reads a file; a missing or unreadable file is a {@link ProfileException} at {@code $}. */
    public static YamlDocument read(Path file) {
        try {
            return new YamlDocument(file.toString(), Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (NoSuchFileException e) {
            throw new ProfileException(new ProfileError(file.toString(), "$", "file not found"), e);
        } catch (IOException e) {
            throw new ProfileException(new ProfileError(file.toString(), "$", "cannot read file: " + e), e);
        }
    }

    /** A text given directly (no file behind it). */
    public static YamlDocument of(String name, String text) {
        return new YamlDocument(name, text, null);
    }

    /** A resource of this module's class path, empty if there is none of that name. */
    public static Optional<YamlDocument> classpath(String resourceName) {
        try (InputStream in = YamlDocument.class.getClassLoader().getResourceAsStream(resourceName)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new YamlDocument("classpath:" + resourceName,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resourceName, e);
        }
    }

    /** The file name without {@code .yaml} / {@code .yml}: the id a profile file must declare. */
    public static String stem(String fileName) {
        if (fileName.endsWith(".yaml")) {
            return fileName.substring(0, fileName.length() - 5);
        }
        if (fileName.endsWith(".yml")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        return fileName;
    }
}
