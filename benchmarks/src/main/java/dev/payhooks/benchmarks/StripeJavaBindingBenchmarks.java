package dev.payhooks.benchmarks;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.java.StripeEventData;
import dev.payhooks.stripe.java.StripeObjects;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A typed stripe-java object from a delivery, both ways, from the same input: the body bytes and the
 * header map an HTTP stack hands over. stripe-java: decode the bytes to a {@code String},
 * {@code Webhook.constructEvent}, then {@code getDataObjectDeserializer().getObject()} cast to
 * {@code PaymentIntent}. payhooks: build the {@code WebhookRequest}, verify, decode the envelope, then
 * {@code StripeObjects.of(event).object(PaymentIntent.class)} (payhooks-stripe-java, stripe-java's own
 * deserializer on the verified bytes).
 *
 * <p>The event is at stripe-java's API version (2024-12-18.acacia), the only case in which
 * stripe-java's {@code getObject()} returns the object at all.
 */
@State(Scope.Benchmark)
public class StripeJavaBindingBenchmarks extends BenchmarkSettings {

    private static final String WRONG_SECRET = "whsec_9xQ27ZpLmNbVcXaSdFgHjKlBenchmarkOnly";
    private static final long TOLERANCE_SECONDS = 300;
    private static final String HEADER = "Stripe-Signature";

    /** Body size in bytes. */
    @Param({"1024", "4096", "65536"})
    public int size;

    private SignatureVerifier verifier;
    private EventDecoder decoder;
    private byte[] body;
    private Map<String, String> headers;
    private Instant now;
    private Clock fixedClock;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public StripeJavaBindingBenchmarks() {
    }

    /**
     * Builds the verifier and decoder, signs a delivery, and proves that both ways accept it, bind
     * equal payment intents, and reject a tampered body and another secret.
     */
    @Setup(Level.Trial)
    public void setUp() {
        WebhookSource source = StripeWebhooks.source(StripeBenchmarks.SECRET);
        verifier = source.verifier();
        decoder = source.decoder();
        refresh();
        selfCheck();
    }

    /** Signs the delivery again at the current time before every iteration. */
    @Setup(Level.Iteration)
    public void refresh() {
        now = Instant.now();
        fixedClock = Clock.fixed(now, ZoneOffset.UTC);
        body = Payloads.stripePaymentIntentSucceeded(size, Payloads.eventId(1), now);
        headers = Map.of("Content-Type", "application/json; charset=utf-8",
                "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                HEADER, Signing.stripeHeader(StripeBenchmarks.SECRET, now.getEpochSecond(), body));
    }

    private void selfCheck() {
        PaymentIntent theirs = SelfCheck.accepts("stripe-java constructEvent + getObject", this::stripeJavaConstructEventTypedObject);
        PaymentIntent ours = SelfCheck.accepts("payhooks verify + bind", this::payhooksVerifyAndBind);
        SelfCheck.require(ours.equals(theirs) && ours.toJson().equals(theirs.toJson()) && ours.getAmount() == 4200L,
                "both ways bind the same payment intent");
        StripeEventData data = StripeObjects.of(decoder.decode(request(body, headers), verifier.verify(request(body, headers), now)));
        SelfCheck.require(data.apiVersionMismatch().isEmpty(), "the payload is at stripe-java's API version");

        byte[] tampered = SelfCheck.tampered(body);
        Map<String, String> otherSecret = Map.of(HEADER, Signing.stripeHeader(WRONG_SECRET, now.getEpochSecond(), body));
        SelfCheck.rejects("stripe-java, tampered body", SignatureVerificationException.class,
                () -> Webhook.constructEvent(new String(tampered, StandardCharsets.UTF_8), headers.get(HEADER),
                        StripeBenchmarks.SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("stripe-java, other secret", SignatureVerificationException.class,
                () -> Webhook.constructEvent(new String(body, StandardCharsets.UTF_8), otherSecret.get(HEADER),
                        StripeBenchmarks.SECRET, TOLERANCE_SECONDS, fixedClock));
        SelfCheck.rejects("payhooks, tampered body", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(tampered, headers), now));
        SelfCheck.rejects("payhooks, other secret", RejectionReason.NO_MATCHING_SIGNATURE,
                () -> verifier.verify(request(body, otherSecret), now));
    }

    private static WebhookRequest request(byte[] body, Map<String, String> headers) {
        WebhookRequest.Builder request = WebhookRequest.builder().body(body);
        headers.forEach(request::header);
        return request.build();
    }

    /**
     * stripe-java: the bytes as a {@code String}, {@code Webhook.constructEvent(payload, header, secret,
     * 300, clock)}, then {@code getDataObjectDeserializer().getObject()} as a {@code PaymentIntent}.
     *
     * @return the payment intent
     * @throws SignatureVerificationException never, for the genuine delivery
     */
    @Benchmark
    public PaymentIntent stripeJavaConstructEventTypedObject() throws SignatureVerificationException {
        com.stripe.model.Event event = Webhook.constructEvent(new String(body, StandardCharsets.UTF_8), headers.get(HEADER),
                StripeBenchmarks.SECRET, TOLERANCE_SECONDS, fixedClock);
        return (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
    }

    /**
     * payhooks: the {@code WebhookRequest} from the bytes and headers, verify, decode the envelope, then
     * {@code StripeObjects.of(event).object(PaymentIntent.class)}.
     *
     * @return the payment intent
     */
    @Benchmark
    public PaymentIntent payhooksVerifyAndBind() {
        WebhookRequest request = request(body, headers);
        Event event = decoder.decode(request, verifier.verify(request, now));
        return StripeObjects.of(event).object(PaymentIntent.class);
    }
}
