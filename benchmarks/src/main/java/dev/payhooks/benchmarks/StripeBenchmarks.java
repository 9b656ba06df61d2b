package dev.payhooks.benchmarks;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.internal.CoreAccess;
import dev.payhooks.stripe.StripeWebhooks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stripe deliveries: stripe-java's {@code Webhook.Signature.verifyHeader} and
 * {@code Webhook.constructEvent} next to payhooks' verifier, verifier plus envelope decoder, and
 * the full {@code WebhookReceiver.receive} with the in-memory store and one handler.
 *
 * <p>Every payhooks call starts where an adapter starts: the raw body bytes and a map of ten
 * headers as a Stripe delivery carries them (see {@link #headers(int, String)}). Inside the
 * measured method it builds the {@code WebhookRequest} the way payhooks' servlet, JAX-RS and
 * WebFlux adapters do: a builder that owns the body array without copying it (what
 * {@code BodyBuffer.toRequest()} hands over), then one {@code header(name, value)} per value.
 * The references get their most favourable input: the body already as a {@code String} (a
 * merchant holding bytes would decode them first) and a fixed {@code Clock}. The verifier alone
 * gets the {@code now} the receiver would pass; {@code receive} reads the system clock itself.
 */
@State(Scope.Benchmark)
public class StripeBenchmarks extends BenchmarkSettings {

    /** The endpoint secret the deliveries are signed with (a made-up one, in Stripe's format). */
    static final String SECRET = "whsec_4eC39HqLyjWDarjtT1zdp7dcBenchmarkOnly";

    private static final String WRONG_SECRET = "whsec_9xQ27ZpLmNbVcXaSdFgHjKlBenchmarkOnly";
    private static final long TOLERANCE_SECONDS = 300;

    /** Body size in bytes. */
    @Param({"1024", "4096", "65536"})
    public int size;

    private SignatureVerifier verifier;
    private EventDecoder decoder;
    private WebhookReceiver receiver;
    private final AtomicLong handled = new AtomicLong();

    private byte[] body;
    private Instant now;
    private Clock fixedClock;
    private String payload;
    private String header;
    private Map<String, List<String>> headers;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public StripeBenchmarks() {
    }

    /**
     * Builds the verifier, decoder and receiver, signs a delivery, and proves that every benchmarked
     * call accepts it and rejects a tampered body, another secret and a stale timestamp.
     */
    @Setup(Level.Trial)
    public void setUp() {
        WebhookSource source = StripeWebhooks.source(SECRET);
        verifier = source.verifier();
        decoder = source.decoder();
        // Every delivery here is the same event; a store whose clock moves a second per reading, with
        // a retention of one millisecond, has forgotten it by the next call, so each receive claims,
        // dispatches and completes as for a new event (the claim replaces the expired entry).
        IdempotencyStore store = IdempotencyStore.inMemoryBuilder()
                .clock(new SteppingClock())
                .retention(Duration.ofMillis(1))
                .build();
        receiver = WebhookReceiver.builder()
                .source(source)
                .idempotencyStore(store)
                .on("payment_intent.succeeded", event -> handled.incrementAndGet())
                .build();
        // The body is built once: only the signature's timestamp must stay fresh (see refresh()).
        body = Payloads.stripePaymentIntentSucceeded(size, Payloads.eventId(1), Instant.now());
        payload = new String(body, StandardCharsets.UTF_8);
        refresh();
        selfCheck();
    }

    /**
     * Signs the delivery again at the current time before every iteration, so that
     * {@code receive}, which reads the system clock, never sees a stale timestamp however long a run
     * is configured. Cheap (one HMAC), so that it adds nothing measurable to an iteration's
     * allocation figure.
     */
    @Setup(Level.Iteration)
    public void refresh() {
        now = Instant.now();
        fixedClock = Clock.fixed(now, ZoneOffset.UTC);
        header = Signing.stripeHeader(SECRET, now.getEpochSecond(), body);
        headers = headers(body.length, header);
    }

    /**
     * The ten headers of a Stripe delivery as an HTTP stack holds them (names as sent, in a map
     * that keeps their order), behind a typical proxy.
     *
     * @param length the body length
     * @param signature the {@code Stripe-Signature} value
     * @return the headers
     */
    static Map<String, List<String>> headers(int length, String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("shop.example.com"));
        headers.put("User-Agent", List.of("Stripe/1.0 (+https://stripe.com/docs/webhooks)"));
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        headers.put("Content-Length", List.of(Integer.toString(length)));
        headers.put("Accept", List.of("*/*; q=0.5, application/xml"));
        headers.put("Accept-Encoding", List.of("gzip"));
        headers.put("Cache-Control", List.of("no-cache"));
        headers.put("Connection", List.of("close"));
        headers.put("X-Forwarded-For", List.of("3.18.12.63"));
        headers.put("Stripe-Signature", List.of(signature));
        return headers;
    }

    private void selfCheck() {
        byte[] tampered = SelfCheck.tampered(body);
        String tamperedPayload = new String(tampered, StandardCharsets.UTF_8);
        String wrongSecret = Signing.stripeHeader(WRONG_SECRET, now.getEpochSecond(), body);
        long staleTime = now.getEpochSecond() - 3600;
        byte[] staleBody = Payloads.stripePaymentIntentSucceeded(size, Payloads.eventId(1), Instant.ofEpochSecond(staleTime));
        String stale = Signing.stripeHeader(SECRET, staleTime, staleBody);
        String stalePayload = new String(staleBody, StandardCharsets.UTF_8);

        SelfCheck.accepts("stripe-java verifyHeader", this::stripeJavaVerifyHeader);
        SelfCheck.rejects("stripe-java verifyHeader, tampered body", SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(tamperedPayload, header, SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("stripe-java verifyHeader, other secret", SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(payload, wrongSecret, SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("stripe-java verifyHeader, stale", SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(stalePayload, stale, SECRET, TOLERANCE_SECONDS, fixedClock));

        com.stripe.model.Event stripeEvent = SelfCheck.accepts("stripe-java constructEvent", this::stripeJavaConstructEvent);
        SelfCheck.require("payment_intent.succeeded".equals(stripeEvent.getType()), "stripe-java decodes the type");
        SelfCheck.rejects("stripe-java constructEvent, tampered body", SignatureVerificationException.class,
                () -> Webhook.constructEvent(tamperedPayload, header, SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("stripe-java constructEvent, other secret", SignatureVerificationException.class,
                () -> Webhook.constructEvent(payload, wrongSecret, SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("stripe-java constructEvent, stale", SignatureVerificationException.class,
                () -> Webhook.constructEvent(stalePayload, stale, SECRET, TOLERANCE_SECONDS, fixedClock));

        SelfCheck.accepts("payhooks verify", this::payhooksVerify);
        SelfCheck.rejects("payhooks verify, tampered body", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(tampered, header), now));
        SelfCheck.rejects("payhooks verify, other secret", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(body, wrongSecret), now));
        SelfCheck.rejects("payhooks verify, stale", RejectionReason.TIMESTAMP_TOO_OLD,
                () -> verifier.verify(request(staleBody, stale), now));

        Event event = SelfCheck.accepts("payhooks verify+decode", this::payhooksVerifyAndDecode);
        SelfCheck.require("payment_intent.succeeded".equals(event.type()) && Payloads.eventId(1).equals(event.id()),
                "payhooks decodes the envelope");

        for (int round = 1; round <= 2; round++) {
            WebhookResponse response = payhooksReceive();
            SelfCheck.require(response.outcome() == Outcome.HANDLED && response.status() == 200 && handled.get() == round,
                    "receive #" + round + " dispatches to the handler (was " + response.outcome() + ")");
        }
        expectRejected(request(tampered, header), RejectionReason.NO_MATCHING_SIGNATURE, "tampered body");
        expectRejected(request(body, wrongSecret), RejectionReason.NO_MATCHING_SIGNATURE, "other secret");
        expectRejected(request(staleBody, stale), RejectionReason.TIMESTAMP_TOO_OLD, "stale");
        SelfCheck.require(handled.get() == 2, "no rejected delivery reaches the handler");
    }

    private void expectRejected(WebhookRequest rejected, RejectionReason reason, String what) {
        WebhookResponse response = receiver.receive(rejected);
        SelfCheck.require(response.outcome() == Outcome.REJECTED && response.reason().orElse(null) == reason
                        && response.status() == reason.defaultStatus(),
                "receive rejects the " + what + " with " + reason + " (was " + response.outcome() + " "
                        + response.reason().orElse(null) + ")");
    }

    private static WebhookRequest request(byte[] body, String signature) {
        return request(body, headers(body.length, signature));
    }

    /**
     * What payhooks' adapters do per delivery: a builder owning the body bytes (no copy), then
     * every header value as the HTTP stack exposes it.
     */
    static WebhookRequest request(byte[] body, Map<String, List<String>> headers) {
        WebhookRequest.Builder builder = CoreAccess.request().builderOwning(body);
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        return builder.build();
    }

    /**
     * stripe-java: {@code Webhook.Signature.verifyHeader(payload, header, secret, 300, clock)}.
     *
     * @return {@code true}
     * @throws SignatureVerificationException never, for the genuine delivery
     */
    @Benchmark
    public boolean stripeJavaVerifyHeader() throws SignatureVerificationException {
        return Webhook.Signature.verifyHeader(payload, header, SECRET, TOLERANCE_SECONDS, fixedClock);
    }

    /**
     * stripe-java: {@code Webhook.constructEvent(payload, header, secret, 300, clock)}, which verifies
     * and deserialises the whole event with Gson.
     *
     * @return the event
     * @throws SignatureVerificationException never, for the genuine delivery
     */
    @Benchmark
    public com.stripe.model.Event stripeJavaConstructEvent() throws SignatureVerificationException {
        return Webhook.constructEvent(payload, header, SECRET, TOLERANCE_SECONDS, fixedClock);
    }

    /**
     * payhooks: build the request from the body bytes and the header map, then
     * {@code StripeWebhooks.source(secret).verifier().verify(request, now)}.
     *
     * @return the verification
     */
    @Benchmark
    public Verification payhooksVerify() {
        return verifier.verify(request(body, headers), now);
    }

    /**
     * payhooks: build the request, verify, then decode the envelope (id, type, created, mode,
     * account, API version, request id); {@code data} stays unparsed until a handler asks for it.
     *
     * @return the event
     */
    @Benchmark
    public Event payhooksVerifyAndDecode() {
        WebhookRequest request = request(body, headers);
        return decoder.decode(request, verifier.verify(request, now));
    }

    /**
     * payhooks: build the request, then the whole pipeline, {@code WebhookReceiver.receive}: verify,
     * strict UTF-8 check, decode, claim in the in-memory store, run one handler, complete, answer 200.
     *
     * @return the response
     */
    @Benchmark
    public WebhookResponse payhooksReceive() {
        return receiver.receive(request(body, headers));
    }

    /** The number of handled deliveries, for tests. */
    long handled() {
        return handled.get();
    }

    /** A clock that moves one second forward at every reading; thread-safe. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong seconds = new AtomicLong(Instant.now().getEpochSecond());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("a benchmark clock has one zone");
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
