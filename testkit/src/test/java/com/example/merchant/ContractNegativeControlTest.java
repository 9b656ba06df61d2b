package com.example.merchant;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.contract.IdempotencyStoreContract;
import dev.payhooks.testkit.contract.InboxContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Negative controls: a contract that passes every store proves nothing. Each deliberately broken
 * store or inbox below runs the published contract through the JUnit Platform, and the contract
 * must fail, in exactly the cases that describe the bug. The broken runs are static nested
 * classes, which the build's test scan skips: they run only from here.
 */
class ContractNegativeControlTest {

    private static final String CONCURRENT_CLAIMS = "exactlyOneOfManyConcurrentClaimersWins";
    private static final int STORE_CASES = 11;
    private static final int INBOX_CASES = 10;

    @Test
    void theCorrectMapStorePassesEveryCaseOfTheStoreContract() {
        ContractRun run = ContractRun.of(CorrectStore.class);

        assertThat(run.failed()).isEmpty();
        assertThat(run.skipped()).isEmpty();
        assertThat(run.passed()).hasSize(STORE_CASES).contains(CONCURRENT_CLAIMS);
    }

    @Test
    void aStoreWhoseClaimsAlwaysWinFailsTheInProgressCases() {
        ContractRun run = ContractRun.of(NoInProgressStore.class);

        // Whether two threads overlap on one key is up to the scheduler, so the concurrency case may pass.
        assertThat(run.failed()).contains("firstClaimWinsAndSecondSeesInProgress", "unexpiredLeaseIsNotTakenOver",
                        "expiredLeaseIsTakenOverAndTheStaleOwnerIsFenced", "unknownTokenChangesNothing",
                        "keysAreScopedByProviderAndTenant")
                .hasSizeBetween(5, 6);
        assertThat(run.passed().size() + run.failed().size()).isEqualTo(STORE_CASES);
        assertThat(run.failed().size() == 6).isEqualTo(run.failed().contains(CONCURRENT_CLAIMS));
    }

    @Test
    void aStoreThatDoesNotFenceStaleOwnersFailsTheFencingCases() {
        assertFailsExactly(UnfencedStore.class, STORE_CASES,
                "expiredLeaseIsTakenOverAndTheStaleOwnerIsFenced", "unknownTokenChangesNothing");
    }

    @Test
    void aStoreWhoseLeasesNeverExpireFailsTheTakeover() {
        assertFailsExactly(ImmortalLeaseStore.class, STORE_CASES, "expiredLeaseIsTakenOverAndTheStaleOwnerIsFenced");
    }

    @Test
    void aStoreThatNeverForgetsFailsTheRetention() {
        assertFailsExactly(KeepsForeverStore.class, STORE_CASES, "completedKeyIsForgottenAfterTheRetention");
    }

    @Test
    void aStoreKeyedByEventIdAloneFailsTheScoping() {
        assertFailsExactly(EventIdOnlyStore.class, STORE_CASES,
                "keysAreScopedByProviderAndTenant", "keysWithSeparatorCharactersDoNotCollide");
    }

    @Test
    void aStoreThatJoinsTheKeyPartsWithASeparatorFailsTheCollisionCase() {
        assertFailsExactly(JoinedKeyStore.class, STORE_CASES, "keysWithSeparatorCharactersDoNotCollide");
    }

    @Test
    void theInMemoryInboxPassesEveryCaseOfTheInboxContract() {
        ContractRun run = ContractRun.of(CorrectInbox.class);

        assertThat(run.failed()).isEmpty();
        assertThat(run.skipped()).isEmpty();
        assertThat(run.passed()).hasSize(INBOX_CASES).contains("statsCountUnfinishedRowsAndDateTheOldestPendingOneWhenSupported");
    }

    @Test
    void anInboxThatReportsDuplicatesAsNewFailsTheDeduplicationCases() {
        assertFailsExactly(DuplicatesAsNewInbox.class, INBOX_CASES,
                "storesOnceAndDeduplicatesByProviderTenantAndKey", "purgeRemovesOnlyDoneRowsOlderThanTheRetention");
    }

    @Test
    void anInboxThatDropsHeadersFailsTheClaimCase() {
        assertFailsExactly(HeaderDroppingInbox.class, INBOX_CASES, "claimsDueRowsOnceAndKeepsBodyAndHeaders");
    }

    @Test
    void anInboxThatDoesNotFenceStaleWorkersFailsTheFencingCase() {
        assertFailsExactly(UnfencedInbox.class, INBOX_CASES, "expiredLeaseIsClaimedAgainAndTheStaleWorkerIsFenced");
    }

    @Test
    void anInboxWhoseClaimTakesMoreRowsThanAskedFailsTheBatchAndStatisticsCases() {
        assertFailsExactly(OverclaimingInbox.class, INBOX_CASES, "aClaimTakesAtMostTheRowsAskedForOldestFirst",
                "statsCountUnfinishedRowsAndDateTheOldestPendingOneWhenSupported");
    }

    private static void assertFailsExactly(Class<?> run, int cases, String... failing) {
        ContractRun result = ContractRun.of(run);

        assertThat(result.failed()).as(run.getSimpleName()).containsExactlyInAnyOrderElementsOf(Set.of(failing));
        assertThat(result.passed()).as(run.getSimpleName()).hasSize(cases - failing.length);
        assertThat(result.skipped()).as(run.getSimpleName()).isEmpty();
    }

    private abstract static class StoreRun extends IdempotencyStoreContract {
        private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        private final MapIdempotencyStore.Defect defect;

        StoreRun(MapIdempotencyStore.Defect defect) {
            this.defect = defect;
        }

        @Override
        protected IdempotencyStore newStore() {
            return new MapIdempotencyStore(clock, retention(), defect);
        }

        @Override
        protected void advance(Duration duration) {
            clock.advance(duration);
        }

        @Override
        protected Duration retention() {
            return Duration.ofDays(7);
        }
    }

    static class CorrectStore extends StoreRun {
        CorrectStore() {
            super(MapIdempotencyStore.Defect.NONE);
        }
    }

    static class NoInProgressStore extends StoreRun {
        NoInProgressStore() {
            super(MapIdempotencyStore.Defect.NO_IN_PROGRESS);
        }
    }

    static class UnfencedStore extends StoreRun {
        UnfencedStore() {
            super(MapIdempotencyStore.Defect.UNFENCED);
        }
    }

    static class ImmortalLeaseStore extends StoreRun {
        ImmortalLeaseStore() {
            super(MapIdempotencyStore.Defect.LEASES_NEVER_EXPIRE);
        }
    }

    static class KeepsForeverStore extends StoreRun {
        KeepsForeverStore() {
            super(MapIdempotencyStore.Defect.KEEPS_FOREVER);
        }
    }

    static class EventIdOnlyStore extends StoreRun {
        EventIdOnlyStore() {
            super(MapIdempotencyStore.Defect.EVENT_ID_ONLY);
        }
    }

    static class JoinedKeyStore extends StoreRun {
        JoinedKeyStore() {
            super(MapIdempotencyStore.Defect.JOINED_KEY);
        }
    }

    private abstract static class InboxRun extends InboxContract {
        private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        private final BrokenInbox.Defect defect;

        InboxRun(BrokenInbox.Defect defect) {
            this.defect = defect;
        }

        @Override
        protected Inbox newInbox() {
            Inbox correct = Inbox.inMemory(clock);
            return defect == null ? correct : new BrokenInbox(correct, defect);
        }

        @Override
        protected void advance(Duration duration) {
            clock.advance(duration);
        }
    }

    static class CorrectInbox extends InboxRun {
        CorrectInbox() {
            super(null);
        }
    }

    static class DuplicatesAsNewInbox extends InboxRun {
        DuplicatesAsNewInbox() {
            super(BrokenInbox.Defect.REPORTS_DUPLICATES_AS_NEW);
        }
    }

    static class HeaderDroppingInbox extends InboxRun {
        HeaderDroppingInbox() {
            super(BrokenInbox.Defect.DROPS_HEADERS);
        }
    }

    static class UnfencedInbox extends InboxRun {
        UnfencedInbox() {
            super(BrokenInbox.Defect.UNFENCED_ANSWERS);
        }
    }

    static class OverclaimingInbox extends InboxRun {
        OverclaimingInbox() {
            super(BrokenInbox.Defect.CLAIMS_ONE_MORE);
        }
    }
}
