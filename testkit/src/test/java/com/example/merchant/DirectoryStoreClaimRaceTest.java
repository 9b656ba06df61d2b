package com.example.merchant;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The multi-process race against a store written outside payhooks ({@link DirectoryStores}, files
 * in one directory): the atomic store passes, the check-then-create store is caught running some
 * event twice.
 */
class DirectoryStoreClaimRaceTest {

    @TempDir
    Path directory;

    @Test
    void atomicCreateRunsEveryEventExactlyOnceAcrossProcesses() throws Exception {
        MultiProcessClaimRace.builder(DirectoryStores.Atomic.class).name("directory store (CREATE_NEW)").build()
                .assertExactlyOnce(round -> List.of(Files.createDirectory(directory.resolve("round-" + round)).toString()));
    }

    @Test
    void checkThenCreateIsCaughtRunningSomeEventTwice() throws Exception {
        MultiProcessClaimRace.builder(DirectoryStores.CheckThenCreate.class).name("directory store (exists, then write)")
                .build().assertRunsSomeEventTwice(round -> List.of(Files.createDirectory(directory.resolve("naive")).toString()));
    }

    @Test
    void theExactlyOnceRaceFailsOnTheBrokenStore() {
        assertThatThrownBy(() -> MultiProcessClaimRace.builder(DirectoryStores.CheckThenCreate.class).rounds(1).build()
                .assertExactlyOnce(round -> List.of(Files.createDirectory(directory.resolve("caught")).toString())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("events whose handler ran more than once");
    }

    @Test
    void refusesAFactoryTheChildCannotCreateByName() {
        assertThatThrownBy(() -> MultiProcessClaimRace.builder(NotPublic.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotPublic.class.getName())
                .hasMessageContaining("public no-arg constructor");
        assertThatThrownBy(() -> MultiProcessClaimRace.builder(DirectoryStores.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesCountsAndTimeoutsOutOfRange() {
        MultiProcessClaimRace.Builder builder = MultiProcessClaimRace.builder(DirectoryStores.Atomic.class);
        assertThatThrownBy(() -> builder.processes(1)).hasMessage("processes must be between 2 and 16, was 1");
        assertThatThrownBy(() -> builder.threads(0)).hasMessage("threads must be between 1 and 256, was 0");
        assertThatThrownBy(() -> builder.events(0)).hasMessage("events must be between 1 and 1000000, was 0");
        assertThatThrownBy(() -> builder.rounds(11)).hasMessage("rounds must be between 1 and 10, was 11");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.name(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    static final class NotPublic implements MultiProcessClaimRace.StoreFactory {
        @Override
        public IdempotencyStore open(List<String> arguments, int threads) {
            return IdempotencyStore.inMemory();
        }
    }
}
