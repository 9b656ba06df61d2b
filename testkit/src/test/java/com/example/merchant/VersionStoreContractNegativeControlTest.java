package com.example.merchant;

import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.contract.ObjectVersionStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Negative controls for the version store contract: each deliberately broken store runs the
 * published contract through the JUnit Platform and must fail the cases that describe its bug.
 * The broken runs are static nested classes, which the build's test scan skips.
 */
class VersionStoreContractNegativeControlTest {

    private static final int CASES = 15;
    private static final String CONCURRENT_HOLDS = "oneOfManyConcurrentClaimersHoldsAnObjectAtATime";
    private static final String CONCURRENT_ADVANCES = "theNewestOfManyConcurrentAdvancesWins";

    @Test
    void theCorrectMapStorePassesEveryCase() {
        ContractRun run = ContractRun.of(Correct.class);

        assertThat(run.failed()).isEmpty();
        assertThat(run.skipped()).isEmpty();
        assertThat(run.passed()).hasSize(CASES).contains(CONCURRENT_HOLDS, CONCURRENT_ADVANCES);
    }

    @Test
    void aStoreThatNeverHoldsFailsTheBusyCases() {
        ContractRun run = ContractRun.of(NoHold.class);

        // Whether two threads overlap is up to the scheduler, so the concurrency case may pass.
        assertThat(run.failed()).contains("aHeldObjectIsBusyForNewerEventsAndStillAnswersOlderOnes",
                "anExpiredHoldIsTakenOverAndTheLateHoldersAdvanceCountsOnlyIfNewer", "anUnknownTokenChangesNothing");
        assertThat(run.failed()).hasSizeBetween(3, 4);
        assertThat(run.passed().size() + run.failed().size()).isEqualTo(CASES);
    }

    @Test
    void aStoreWhoseAdvanceOverwritesFailsTheNeverBackCases() {
        ContractRun run = ContractRun.of(Overwrites.class);

        // The concurrent case fails unless the newest thread happens to write last for every object.
        assertThat(run.failed()).contains("anExpiredHoldIsTakenOverAndTheLateHoldersAdvanceCountsOnlyIfNewer",
                "aLateHoldersNewerEventStillAdvances").hasSizeBetween(2, 3);
        assertThat(run.passed().size() + run.failed().size()).isEqualTo(CASES);
    }

    @Test
    void aStoreWhereTheLastArrivalWinsATieFailsTheTieCase() {
        assertFailsExactly(NoTies.class, "aSameSecondEventIsATieAndASequenceBreaksIt");
    }

    @Test
    void aStoreThatDoesNotFenceReleasesFailsTheFencingCases() {
        assertFailsExactly(Unfenced.class, "anExpiredHoldIsTakenOverAndTheLateHoldersAdvanceCountsOnlyIfNewer",
                "aLateHoldersNewerEventStillAdvances", "anUnknownTokenChangesNothing");
    }

    @Test
    void aStoreThatNeverForgetsFailsTheRetention() {
        assertFailsExactly(KeepsForever.class, "aVersionIsForgottenAfterTheRetention");
    }

    private static void assertFailsExactly(Class<?> run, String... failing) {
        ContractRun result = ContractRun.of(run);

        assertThat(result.failed()).as(run.getSimpleName()).containsExactlyInAnyOrderElementsOf(Set.of(failing));
        assertThat(result.passed()).as(run.getSimpleName()).hasSize(CASES - failing.length);
        assertThat(result.skipped()).as(run.getSimpleName()).isEmpty();
    }

    private abstract static class Run extends ObjectVersionStoreContract {
        private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        private final MapObjectVersionStore.Defect defect;

        Run(MapObjectVersionStore.Defect defect) {
            this.defect = defect;
        }

        @Override
        protected ObjectVersionStore newStore() {
            return new MapObjectVersionStore(clock, retention(), defect);
        }

        @Override
        protected void advance(Duration duration) {
            clock.advance(duration);
        }

        @Override
        protected Duration retention() {
            return Duration.ofDays(30);
        }
    }

    static class Correct extends Run {
        Correct() {
            super(MapObjectVersionStore.Defect.NONE);
        }
    }

    static class NoHold extends Run {
        NoHold() {
            super(MapObjectVersionStore.Defect.NO_HOLD);
        }
    }

    static class Overwrites extends Run {
        Overwrites() {
            super(MapObjectVersionStore.Defect.OVERWRITES);
        }
    }

    static class NoTies extends Run {
        NoTies() {
            super(MapObjectVersionStore.Defect.NO_TIES);
        }
    }

    static class Unfenced extends Run {
        Unfenced() {
            super(MapObjectVersionStore.Defect.UNFENCED);
        }
    }

    static class KeepsForever extends Run {
        KeepsForever() {
            super(MapObjectVersionStore.Defect.KEEPS_FOREVER);
        }
    }
}
