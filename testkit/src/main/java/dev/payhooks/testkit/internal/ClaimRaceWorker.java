package dev.payhooks.testkit.internal;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One application instance of {@link MultiProcessClaimRace}, the main class of each child JVM: a
 * receiver on the store the named factory opens, whose handler records every event it runs. Warms
 * up on events no other process delivers, prints {@value #READY}, waits for {@value #GO} on stdin,
 * then each of its threads delivers every event once, in the same order as every other thread (the
 * order that makes the deliveries of one event collide most). Writes the events its handler ran to
 * the output file, one per line, and prints {@value #DONE}. Exits with 2 when a delivery got
 * anything but 200 (processed, duplicate) or 409 (in progress elsewhere).
 *
 * <p>Arguments: factoryClass threads events outputFile [factory arguments...]
 *
 * <p>Not API: the testkit starts it.
 */
public final class ClaimRaceWorker {

    /** Printed once warmed up. */
    public static final String READY = "READY";
    /** Read from stdin to start delivering. */
    public static final String GO = "GO";
    /** Printed once the output file is written. */
    public static final String DONE = "DONE";

    private static final int WARMUP_DELIVERIES = 200;

    private ClaimRaceWorker() {
    }

    /**
     * Runs one child.
     *
     * @param args factoryClass threads events outputFile [factory arguments...]
     * @throws Exception to exit non-zero
     */
    public static void main(String[] args) throws Exception {
        Class<?> factoryClass = Class.forName(args[0]);
        int threads = Integer.parseInt(args[1]);
        int events = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        List<String> arguments = List.copyOf(Arrays.asList(args).subList(4, args.length));

        Queue<String> ran = new ConcurrentLinkedQueue<>();
        MultiProcessClaimRace.StoreFactory factory = (MultiProcessClaimRace.StoreFactory)
                factoryClass.getConstructor().newInstance();
        try {
            IdempotencyStore store = factory.open(arguments, threads);
            WebhookReceiver receiver = WebhookReceiver.builder().source(source()).idempotencyStore(store)
                    .on("race.event", event -> ran.add(event.id())).build();
            // Warm the store's connections and the code paths on events no one else delivers.
            for (int i = 0; i < WARMUP_DELIVERIES; i++) {
                receiver.receive(delivery("warmup_" + ProcessHandle.current().pid() + "_" + i));
            }
            ran.clear();

            System.out.println(READY);
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!GO.equals(stdin.readLine())) {
                throw new IllegalStateException("expected " + GO);
            }
            Race.run(threads, Duration.ofMinutes(10), thread -> {
                for (int i = 0; i < events; i++) {
                    int status = receiver.receive(delivery("evt_" + i)).status();
                    if (status != 200 && status != 409) {
                        throw new IllegalStateException("status " + status + " for evt_" + i);
                    }
                }
            });
        } finally {
            factory.close();
        }
        Files.write(output, ran);
        System.out.println(DONE);
        System.out.flush();
    }

    /**
     * A provider stand-in whose body is the event id. Signatures are not what the race is about, so
     * every delivery verifies; what runs is the receiver's claim, handler, completion and answer.
     *
     * @return the source; its events have the type {@code race.event}
     */
    public static WebhookSource source() {
        return new WebhookSource("race", (request, now) -> Verification.verified(),
                (request, verification) -> Event.builder("race", new String(request.body(), StandardCharsets.UTF_8),
                        "race.event", "{}".getBytes(StandardCharsets.UTF_8)).build());
    }

    /**
     * A delivery of one event of {@link #source()}.
     *
     * @param eventId the event
     * @return the request
     */
    public static WebhookRequest delivery(String eventId) {
        return WebhookRequest.builder().body(eventId.getBytes(StandardCharsets.UTF_8)).build();
    }
}
