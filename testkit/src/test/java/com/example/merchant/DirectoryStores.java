package com.example.merchant;

import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A store shared between processes written outside payhooks, with nothing but the JDK: one
 * directory, a file per claimed key and one per completed key. {@link Atomic} claims by creating
 * the file ({@code CREATE_NEW}, which the file system does atomically: one creator wins);
 * {@link CheckThenCreate} first asks whether the file exists and then writes it, the bug the
 * multi-process race must catch. Leases never expire (no test here needs a takeover). Argument:
 * the directory.
 */
abstract class DirectoryStores implements MultiProcessClaimRace.StoreFactory {

    DirectoryStores() {
    }

    @Override
    public final IdempotencyStore open(List<String> arguments, int threads) {
        Path directory = Path.of(arguments.get(0));
        return new IdempotencyStore() {
            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
                try {
                    if (Files.exists(file(directory, key, "done"))) {
                        return new ClaimResult.Completed(Instant.now());
                    }
                    if (claimFile(file(directory, key, "claim"))) {
                        return new ClaimResult.Claimed(ClaimToken.random());
                    }
                    return Files.exists(file(directory, key, "done")) ? new ClaimResult.Completed(Instant.now())
                            : new ClaimResult.InProgress(Instant.now().plus(lease));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean complete(IdempotencyKey key, ClaimToken token) {
                try {
                    Files.write(file(directory, key, "done"), new byte[0]);
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean release(IdempotencyKey key, ClaimToken token) {
                try {
                    return Files.deleteIfExists(file(directory, key, "claim"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Claims the file: whether this caller won it. */
    abstract boolean claimFile(Path file) throws IOException;

    private static Path file(Path directory, IdempotencyKey key, String suffix) {
        // Hex of the three parts, each length-prefixed, so that no two keys share a name.
        HexFormat hex = HexFormat.of();
        StringBuilder name = new StringBuilder();
        for (String part : List.of(key.provider(), key.tenant(), key.key())) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            name.append(bytes.length).append('-').append(hex.formatHex(bytes)).append('.');
        }
        return directory.resolve(name.append(suffix).toString());
    }

    /** Correct: {@code CREATE_NEW}. */
    public static final class Atomic extends DirectoryStores {

        /** Created by name in the child JVM. */
        public Atomic() {
        }

        @Override
        boolean claimFile(Path file) throws IOException {
            try {
                Files.createFile(file);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
    }

    /** Broken on purpose: exists, then write. */
    public static final class CheckThenCreate extends DirectoryStores {

        /** Created by name in the child JVM. */
        public CheckThenCreate() {
        }

        @Override
        boolean claimFile(Path file) throws IOException {
            if (Files.exists(file)) {
                return false;
            }
            Files.write(file, new byte[0]);
            return true;
        }
    }
}
