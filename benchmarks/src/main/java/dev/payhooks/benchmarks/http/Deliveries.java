package dev.payhooks.benchmarks.http;

import dev.payhooks.benchmarks.Payloads;
import dev.payhooks.benchmarks.Signing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed 4 KB Stripe {@code payment_intent.succeeded} deliveries (pretty-printed, as Stripe sends
 * them), each a distinct event: the event id carries a sequence number. Clients sign every
 * delivery with {@code javax.crypto} ({@link Signing}, not payhooks), so the client work is the same
 * in every mode. Thread-safe.
 */
public final class Deliveries {

    /** The benchmark's signing secret (never a real one). */
    public static final String SECRET = "whsec_4eC39HqLyjWDarjtT1zdp7dcBenchmarkOnly";
    /** Body size in bytes. */
    public static final int BODY_SIZE = 4096;
    /** Where the event id's base-36 sequence digits start. */
    private static final int SEQUENCE_DIGITS = Payloads.eventId(0).length() - 20;

    private final AtomicLong sequence;
    private final byte[] template;
    private final int idOffset;

    /**
     * @param firstSequence the sequence number of the first delivery minus one
     */
    public Deliveries(long firstSequence) {
        this.sequence = new AtomicLong(firstSequence);
        String marker = Payloads.eventId(0);
        this.template = Payloads.stripePaymentIntentSucceeded(BODY_SIZE, marker, Instant.now());
        this.idOffset = new String(template, StandardCharsets.US_ASCII).indexOf(marker);
    }

    /** @return the sequence number of the last delivery built */
    long lastSequence() {
        return sequence.get();
    }

    /**
     * The sequence number inside an event id of these deliveries.
     *
     * @param eventId an id from {@link Payloads#eventId(long)}
     * @return its sequence number
     */
    static long sequenceOf(String eventId) {
        return Long.parseLong(eventId.substring(SEQUENCE_DIGITS), 36);
    }

    /** @return the body of the next event, unsigned */
    byte[] nextBody() {
        byte[] body = template.clone();
        byte[] id = Payloads.eventId(sequence.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, body, idOffset, id.length);
        return body;
    }

    /**
     * The next event, signed now.
     *
     * @param uri where to post it
     * @return the request
     */
    public HttpRequest next(URI uri) {
        byte[] body = nextBody();
        return request(uri, body, Signing.stripeHeader(SECRET, Instant.now().getEpochSecond(), body));
    }

    /**
     * A delivery with the given body and signature header.
     *
     * @param uri where to post it
     * @param body the body
     * @param signature the {@code Stripe-Signature} header
     * @return the request
     */
    static HttpRequest request(URI uri, byte[] body, String signature) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
