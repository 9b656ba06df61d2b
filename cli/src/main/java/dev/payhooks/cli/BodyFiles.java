package dev.payhooks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads {@code --body-file}: the bytes exactly as stored, or standard input for {@code -}. */
final class BodyFiles {

    private BodyFiles() {
    }

    static byte[] read(String file, InputStream stdin) {
        try {
            if ("-".equals(file)) {
                return stdin.readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--body-file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --body-file " + file + ": " + e.getMessage(), e);
        }
    }
}
