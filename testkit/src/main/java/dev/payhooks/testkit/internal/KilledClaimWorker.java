package dev.payhooks.testkit.internal;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;
import dev.payhooks.testkit.contract.SigkillTakeover;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The application instance {@link SigkillTakeover} kills, the main class of its child JVM: it
 * receives one event on the store its factory builds, and its handler prints {@value #CLAIMED} and
 * the event id (the claim is stored by then) and waits until the JVM is killed with SIGKILL. No
 * completion and no release ever reach the store.
 *
 * <p>Arguments: factoryClass eventId leaseMillis ignoreLease storeArguments... With
 * {@code ignoreLease} {@code true} the store is asked for 12-hour claims, whatever lease the
 * receiver asks for: the negative control's store, whose claim outlives the test.
 */
public final class KilledClaimWorker {

    /** Printed with the event id once the handler runs. */
    public static final String CLAIMED = "CLAIMED";

    private KilledClaimWorker() {
    }

    /**
     * Runs the instance until it is killed.
     *
     * @param args see the class comment
     * @throws Exception when the store cannot be built
     */
    public static void main(String[] args) throws Exception {
        MultiProcessClaimRace.StoreFactory factory = (MultiProcessClaimRace.StoreFactory)
                Class.forName(args[0]).getConstructor().newInstance();
        String eventId = args[1];
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        boolean ignoreLease = Boolean.parseBoolean(args[3]);
        List<String> arguments = List.copyOf(Arrays.asList(args).subList(4, args.length));
        IdempotencyStore store = factory.open(arguments, 2);
        if (ignoreLease) {
            store = new LeaseIgnored(store);
        }
        CountDownLatch never = new CountDownLatch(1);
        WebhookReceiver receiver = WebhookReceiver.builder().source(ClaimRaceWorker.source()).idempotencyStore(store)
                .lease(lease).on("race.event", event -> {
                    System.out.println(CLAIMED + " " + event.id());
                    System.out.flush();
                    never.await();
                }).build();
        receiver.receive(ClaimRaceWorker.delivery(eventId));
        System.out.println("UNEXPECTEDLY FINISHED");
    }

    /** A store that claims for 12 hours whatever lease it is asked for (Redis allows one day at most). */
    private record LeaseIgnored(IdempotencyStore store) implements IdempotencyStore {
        private static final Duration TWELVE_HOURS = Duration.ofHours(12);

        @Override
        public ClaimResult claim(IdempotencyKey key, Duration lease) {
            return store.claim(key, TWELVE_HOURS);
        }

        @Override
        public boolean complete(IdempotencyKey key, ClaimToken token) {
            return store.complete(key, token);
        }

        @Override
        public boolean release(IdempotencyKey key, ClaimToken token) {
            return store.release(key, token);
        }

        @Override
        public long purgeExpired() {
            return store.purgeExpired();
        }
    }
}
