package dev.payhooks.testkit.fuzz;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.WebhookSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every request-reading fuzz target makes, so that each provider or adapter states
 * only its own oracle.
 *
 * <pre>{@code
 * @FuzzTest
 * void receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures(byte[] input) {
 *     RequestTemplate template = RequestTemplate.parse(input).resolve(Placeholders.none().with("now", "1700000000"));
 *     WebhookRequest request = template.request(signatures(template)).build();
 *     FuzzChecks.assertReceiveDecision(SOURCE, CLOCK, request, ORACLE, SECRET, signatureOf(template));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FuzzChecks {

    private FuzzChecks() {
    }

    /**
     * Verifies a request and checks the verdict: a rejection is the documented exception with a
     * reason and a message that discloses none of {@code neverDisclosed}; an acceptance is one the
     * oracle agrees with.
     *
     * @param verifier the verifier under test
     * @param request the request
     * @param now the instant to verify at
     * @param oracle the independent statement of a valid delivery
     * @param neverDisclosed the secrets and the correct signature, none empty
     * @return whether the verifier accepted the request
     * @throws AssertionError if a check fails; any other exception from the verifier propagates (and fails the target)
     */
    public static boolean assertVerifierDecision(SignatureVerifier verifier, WebhookRequest request, Instant now,
                                                 DeliveryOracle oracle, String... neverDisclosed) {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(oracle, "oracle");
        List<String> secrets = secrets(neverDisclosed);
        try {
            verifier.verify(request, now);
        } catch (WebhookVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
            assertDisclosesNone(String.valueOf(expected.getMessage()), "the exception's message", secrets);
            return false;
        }
        oracle.assertValid(request);
        return true;
    }

    /**
     * Receives a request with a fresh receiver (the source, the clock, an in-memory store and a
     * handler for every type) and checks the answer: never a 5xx, never a secret in the body or the
     * detail, the handler runs only for a delivery the oracle accepts, and exactly once then.
     *
     * @param source the source under test
     * @param clock the receiver's clock
     * @param request the request
     * @param oracle the independent statement of a valid delivery
     * @param neverDisclosed the secrets and the correct signature, none empty
     * @return the response, for further checks
     * @throws AssertionError if a check fails
     */
    public static WebhookResponse assertReceiveDecision(WebhookSource source, Clock clock, WebhookRequest request,
                                                        DeliveryOracle oracle, String... neverDisclosed) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(oracle, "oracle");
        List<String> secrets = secrets(neverDisclosed);
        AtomicInteger handled = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.builder().source(source).clock(clock)
                .idempotencyStore(IdempotencyStore.inMemory())
                .otherwise(event -> handled.incrementAndGet())
                .build();

        WebhookResponse response = receiver.receive(request);

        assertThat(response.status()).as("%s", response).isBetween(200, 499);
        assertDisclosesNone(response.body(), "the response body", secrets);
        response.detail().ifPresent(detail -> assertDisclosesNone(detail, "the response detail", secrets));
        if (response.outcome() == Outcome.REJECTED) {
            assertThat(handled).as("handler calls for a rejected request").hasValue(0);
            assertThat(response.reason()).as("the rejection reason").isPresent();
        } else {
            assertThat(response.outcome()).as("%s", response).isEqualTo(Outcome.HANDLED);
            assertThat(handled).as("handler calls").hasValue(1);
            oracle.assertValid(request);
        }
        return response;
    }

    /**
     * Checks a timestamp the way the providers document it: plain ASCII digits in their canonical
     * form (no sign, no leading zero, at most 12 digits) within the tolerance of now, in either
     * direction.
     *
     * @param text the timestamp as the request carries it
     * @param nowSeconds now, in Unix seconds
     * @param toleranceSeconds the tolerance, in seconds
     * @throws AssertionError if the text is not such a timestamp
     */
    public static void assertCanonicalTimestamp(String text, long nowSeconds, long toleranceSeconds) {
        Objects.requireNonNull(text, "text");
        assertThat(text).as("timestamp").matches("0|[1-9][0-9]{0,11}");
        assertThat(Math.abs(Long.parseLong(text) - nowSeconds)).as("seconds between the timestamp and now")
                .isLessThanOrEqualTo(toleranceSeconds);
    }

    /**
     * Reads a committed input, such as one of the seeds a test uses to prove that the harness signs
     * the valid seed and not the forged one.
     *
     * @param fuzzTest the class the input belongs to
     * @param name the resource name, relative to the class's package
     * @return the bytes
     * @throws IllegalArgumentException if there is no such resource
     */
    public static byte[] input(Class<?> fuzzTest, String name) {
        Objects.requireNonNull(fuzzTest, "fuzzTest");
        Objects.requireNonNull(name, "name");
        try (InputStream in = fuzzTest.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource '" + name + "' next to " + fuzzTest.getName()
                        + "; committed inputs live under src/test/resources/<package>/<FuzzTestClass>Inputs/<method>/");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the resource '" + name + "' next to " + fuzzTest.getName(), e);
        }
    }

    private static void assertDisclosesNone(String text, String what, List<String> secrets) {
        for (String secret : secrets) {
            assertThat(text).as(what).doesNotContain(secret);
        }
    }

    private static List<String> secrets(String... neverDisclosed) {
        List<String> secrets = List.of(neverDisclosed);
        for (String secret : secrets) {
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("an empty string is in every text: pass the secrets and signatures"
                        + " that must not be disclosed, none empty");
            }
        }
        return secrets;
    }
}
