package dev.payhooks;

import dev.payhooks.internal.InMemoryIdempotencyStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookReceiverTest {

    private static final String SECRET = "test_secret_4f0c2a";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long TS = NOW.getEpochSecond();

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryIdempotencyStore store = (InMemoryIdempotencyStore) IdempotencyStore.inMemoryBuilder().clock(clock).build();
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private WebhookReceiver.Builder receiver() {
        return WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).idempotencyStore(store);
    }

    private static WebhookRequest delivery(String id, String type) {
        return TestScheme.signed(SECRET, TS, TestScheme.event(id, type)).build();
    }

    @Test
    void validDeliveryRunsTheHandlerAndAnswers200() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(response.reason()).isEmpty();
        assertThat(response.event()).hasValueSatisfying(e -> {
            assertThat(e.provider()).isEqualTo("test");
            assertThat(e.id()).isEqualTo("evt_1");
            assertThat(e.type()).isEqualTo("refund.failed");
            assertThat(e.created()).contains(Instant.ofEpochSecond(1700000000));
            assertThat(e.mode()).isEqualTo(Mode.TEST);
        });
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(seen).containsExactly("evt_1");
    }

    @Test
    void duplicateDeliveryIsAcknowledgedWithoutRunningTheHandlerAgain() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();

        receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse second = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(seen).hasSize(1);
    }

    @Test
    void handlerFailureAnswers500ThenTheRetryRunsItThenItIsADuplicate() {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver().on("refund.failed", e -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("downstream timeout");
            }
        }).build();

        WebhookResponse first = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse second = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse third = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(first.body()).doesNotContain("downstream");
        assertThat(second.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(third.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(calls).hasValue(2);
    }

    @Test
    void handlerReportingAnUnavailableDependencyAnswers503AndTheRetryRunsIt() {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver receiver = receiver().on("refund.failed", e -> {
            if (calls.incrementAndGet() == 1) {
                throw new WebhookUnavailableException("provider API unreachable", new java.net.ConnectException());
            }
        }).build();

        WebhookResponse first = receiver.receive(delivery("evt_1", "refund.failed"));
        WebhookResponse second = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(first.headers()).containsEntry("Retry-After", "30");
        assertThat(first.body()).doesNotContain("provider API");
        // The claim was released, so the retry runs the handler at once rather than after the lease.
        assertThat(second.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void crashedWorkersClaimExpiresAndTheRedeliveryRunsTheEvent() {
        WebhookReceiver receiver = receiver().lease(Duration.ofMinutes(2)).on("refund.failed", e -> seen.add(e.id())).build();
        IdempotencyKey key = new IdempotencyKey("test", "", "evt_1");
        // A worker claimed the event and died before completing or releasing it.
        assertThat(store.claim(key, Duration.ofMinutes(2))).isInstanceOf(ClaimResult.Claimed.class);

        WebhookResponse whileLeased = receiver.receive(delivery("evt_1", "refund.failed"));
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        WebhookResponse afterLease = receiver.receive(TestScheme.signed(SECRET, clock.instant().getEpochSecond(),
                TestScheme.event("evt_1", "refund.failed")).build());

        assertThat(whileLeased.status()).isEqualTo(409);
        assertThat(whileLeased.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(afterLease.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(seen).containsExactly("evt_1");
    }

    @Test
    void sixteenThreadsDeliveringOneEventAThousandTimesRunItsHandlerOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = receiver().on("payment_intent.succeeded", e -> runs.incrementAndGet()).build();
        WebhookRequest request = delivery("evt_concurrent", "payment_intent.succeeded");
        int threads = 16;
        int perThread = 1000 / threads + 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread && answered.incrementAndGet() <= 1000; i++) {
                        WebhookResponse response = receiver.receive(request);
                        if (response.outcome() == Outcome.IN_PROGRESS) {
                            non2xx.incrementAndGet();
                        } else {
                            assertThat(response.status()).isEqualTo(200);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void tamperedBodyIsRejectedWithAGenericBody() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();
        WebhookRequest signed = delivery("evt_1", "refund.failed");
        byte[] tampered = TestScheme.event("evt_1", "refund.failed");
        tampered[tampered.length - 3] ^= 1;
        WebhookRequest forged = WebhookRequest.builder().body(tampered)
                .header("X-Test-Timestamp", signed.header("X-Test-Timestamp").orElseThrow())
                .header("X-Test-Signature", signed.header("X-Test-Signature").orElseThrow()).build();

        WebhookResponse response = receiver.receive(forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(response.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(response.body()).isEqualTo("unauthorized");
        assertThat(seen).isEmpty();
    }

    @Test
    void everyVerificationRowOfThePolicyAnswersItsStatus() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();
        byte[] body = TestScheme.event("evt_1", "refund.failed");
        WebhookRequest valid = TestScheme.signed(SECRET, TS, body).build();
        String signature = valid.header("X-Test-Signature").orElseThrow();

        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Timestamp", Long.toString(TS)).build(),
                400, RejectionReason.MISSING_SIGNATURE_HEADER);
        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Signature", signature).build(),
                400, RejectionReason.MISSING_TIMESTAMP);
        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Timestamp", "+" + TS)
                .header("X-Test-Signature", signature).build(), 400, RejectionReason.MALFORMED_TIMESTAMP);
        assertRejected(receiver, TestScheme.signed(SECRET, TS - 301, body).build(), 401, RejectionReason.TIMESTAMP_TOO_OLD);
        assertRejected(receiver, TestScheme.signed(SECRET, TS + 301, body).build(), 401, RejectionReason.TIMESTAMP_IN_FUTURE);
        assertRejected(receiver, TestScheme.signed("another_secret", TS, body).build(), 401, RejectionReason.NO_MATCHING_SIGNATURE);
        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Timestamp", Long.toString(TS))
                .header("X-Test-Signature", signature).header("X-Test-Signature", signature).build(),
                400, RejectionReason.MALFORMED_SIGNATURE_HEADER);
        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Timestamp", Long.toString(TS))
                .header("X-Test-Signature", "ab".repeat(2049)).build(), 400, RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
        assertRejected(receiver, WebhookRequest.builder().body(body).header("X-Test-Timestamp", Long.toString(TS))
                .header("X-Test-Signature", String.join(",", Collections.nCopies(17, signature))).build(),
                400, RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
        assertThat(seen).isEmpty();
    }

    @Test
    void timestampsAtTheToleranceEdgeAreAcceptedAndOnePastAreNot() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();

        assertThat(receiver.receive(TestScheme.signed(SECRET, TS - 300, TestScheme.event("evt_a", "refund.failed")).build()).status()).isEqualTo(200);
        assertThat(receiver.receive(TestScheme.signed(SECRET, TS + 300, TestScheme.event("evt_b", "refund.failed")).build()).status()).isEqualTo(200);
        assertThat(receiver.receive(TestScheme.signed(SECRET, TS - 301, TestScheme.event("evt_c", "refund.failed")).build()).status()).isEqualTo(401);
        assertThat(receiver.receive(TestScheme.signed(SECRET, TS + 301, TestScheme.event("evt_d", "refund.failed")).build()).status()).isEqualTo(401);
        assertThat(seen).containsExactly("evt_a", "evt_b");
    }

    @Test
    void bodyOverTheLimitIsRejectedWith413() {
        WebhookReceiver receiver = receiver().maxBodyBytes(64).on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.reason()).contains(RejectionReason.BODY_TOO_LARGE);
        assertThat(seen).isEmpty();
    }

    @Test
    void unknownTenantIsAnswered404AndAnotherTenantsSecretDoesNotVerify() {
        SecretResolver perTenant = SecretResolver.perTenant(TenantKey.queryParameters("merchant", "profile"),
                tenant -> switch (tenant) {
                    case "m_1/gp_1" -> List.of(WebhookSecret.of("secret_of_gp_1"));
                    case "m_1/gp_2" -> List.of(WebhookSecret.of("secret_of_gp_2"));
                    default -> List.of();
                });
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(perTenant)).clock(clock)
                .idempotencyStore(store).on("refund.failed", e -> seen.add(e.tenant().orElseThrow() + " " + e.id())).build();
        byte[] body = TestScheme.event("evt_1", "refund.failed");

        WebhookResponse ok = receiver.receive(TestScheme.signed("secret_of_gp_1", TS, body)
                .queryParameter("merchant", "m_1").queryParameter("profile", "gp_1").build());
        WebhookResponse otherTenantsSecret = receiver.receive(TestScheme.signed("secret_of_gp_1", TS, body)
                .queryParameter("merchant", "m_1").queryParameter("profile", "gp_2").build());
        WebhookResponse unknown = receiver.receive(TestScheme.signed("secret_of_gp_1", TS, body)
                .queryParameter("merchant", "m_9").queryParameter("profile", "gp_1").build());
        WebhookResponse unnamed = receiver.receive(TestScheme.signed("secret_of_gp_1", TS, body).build());
        WebhookResponse sameEventOtherTenant = receiver.receive(TestScheme.signed("secret_of_gp_2", TS, body)
                .queryParameter("merchant", "m_1").queryParameter("profile", "gp_2").build());

        assertThat(ok.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(otherTenantsSecret.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.reason()).contains(RejectionReason.UNKNOWN_TENANT);
        assertThat(unnamed.status()).isEqualTo(404);
        assertThat(sameEventOtherTenant.outcome()).as("keys are scoped by tenant").isEqualTo(Outcome.HANDLED);
        assertThat(seen).containsExactly("m_1/gp_1 evt_1", "m_1/gp_2 evt_1");
    }

    @Test
    void failingSecretLookupIsAnswered503() {
        SecretResolver broken = SecretResolver.perTenant(TenantKey.header("X-Tenant"), tenant -> {
            throw new IllegalStateException("vault down");
        });
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(broken)).clock(clock)
                .on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(TestScheme.signed(SECRET, TS, TestScheme.event("evt_1", "refund.failed"))
                .header("X-Tenant", "t1").build());

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(response.headers()).containsEntry("Retry-After", "30");
    }

    @Test
    void rotatingSecretsAcceptBothUntilTheOldOnesNotAfter() {
        SecretResolver rotating = SecretResolver.of(List.of(WebhookSecret.of("new_secret"),
                WebhookSecret.of("old_secret", NOW.plus(Duration.ofHours(1)))));
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(rotating)).clock(clock)
                .idempotencyStore(store).on("refund.failed", e -> seen.add(e.id())).build();

        assertThat(receiver.receive(TestScheme.signed("old_secret", TS, TestScheme.event("evt_1", "refund.failed")).build()).outcome())
                .isEqualTo(Outcome.HANDLED);
        assertThat(receiver.receive(TestScheme.signed("new_secret", TS, TestScheme.event("evt_2", "refund.failed")).build()).outcome())
                .isEqualTo(Outcome.HANDLED);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        long later = clock.instant().getEpochSecond();
        assertThat(receiver.receive(TestScheme.signed("old_secret", later, TestScheme.event("evt_3", "refund.failed")).build()).reason())
                .contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(receiver.receive(TestScheme.signed("new_secret", later, TestScheme.event("evt_4", "refund.failed")).build()).outcome())
                .isEqualTo(Outcome.HANDLED);
    }

    @Test
    void allSecretsExpiredIsRejectedAsNoActiveSecret() {
        SecretResolver expired = SecretResolver.of(List.of(WebhookSecret.of("old_secret", NOW.minusSeconds(1))));
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(expired)).clock(clock)
                .on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(TestScheme.signed("old_secret", TS, TestScheme.event("evt_1", "refund.failed")).build());

        assertThat(response.reason()).contains(RejectionReason.NO_ACTIVE_SECRET);
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void filteredEventIsAcknowledgedAndReachesNoHandler() {
        Set<String> ourCheckouts = Set.of("co_mine");
        WebhookReceiver receiver = receiver()
                .filter(e -> e.at("/data/metadata/checkoutId").map(ourCheckouts::contains).orElse(false))
                .on("refund.failed", e -> seen.add(e.id())).otherwise(e -> seen.add("fallback")).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome()).isEqualTo(Outcome.FILTERED);
        assertThat(seen).isEmpty();
        assertThat(store.size()).as("filtered events are not recorded").isZero();
    }

    @Test
    void throwingFilterAnswers500() {
        WebhookReceiver receiver = receiver().filter(e -> {
            throw new IllegalStateException("bug");
        }).on("refund.failed", e -> seen.add(e.id())).build();

        assertThat(receiver.receive(delivery("evt_1", "refund.failed")).status()).isEqualTo(500);
        assertThat(seen).isEmpty();
    }

    @Test
    void prefixRoutesExactRoutesAndTheFallbackAreChosenByType() {
        WebhookReceiver receiver = receiver()
                .on("refund.failed", e -> seen.add("exact " + e.type()))
                .on("refund.*", e -> seen.add("prefix " + e.type()))
                .on("refund.failed", e -> seen.add("exact2 " + e.type()))
                .otherwise(e -> seen.add("fallback " + e.type()))
                .build();

        receiver.receive(delivery("evt_1", "refund.failed"));
        receiver.receive(delivery("evt_2", "refund.updated"));
        receiver.receive(delivery("evt_3", "refunds.created"));
        receiver.receive(delivery("evt_4", "payment_intent.succeeded"));

        assertThat(seen).containsExactly("exact refund.failed", "exact2 refund.failed", "prefix refund.failed",
                "prefix refund.updated", "fallback refunds.created", "fallback payment_intent.succeeded");
    }

    @Test
    void unknownTypeWithoutFallbackIsAcknowledgedAndNotRecorded() {
        WebhookReceiver receiver = receiver().on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "some.future_type"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome()).isEqualTo(Outcome.UNHANDLED);
        assertThat(store.size()).isZero();
    }

    @Test
    void secondHandlerFailingReleasesTheClaimSoBothRunAgain() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        WebhookReceiver receiver = receiver()
                .on("refund.failed", e -> first.incrementAndGet())
                .on("refund.failed", e -> {
                    if (second.incrementAndGet() == 1) {
                        throw new Exception("checked failure");
                    }
                }).build();

        assertThat(receiver.receive(delivery("evt_1", "refund.failed")).status()).isEqualTo(500);
        assertThat(receiver.receive(delivery("evt_1", "refund.failed")).status()).isEqualTo(200);
        assertThat(first).hasValue(2);
        assertThat(second).hasValue(2);
    }

    @Test
    void unavailableStoreIsAnswered503AndNoHandlerRuns() {
        IdempotencyStore down = new IdempotencyStore() {
            @Override
            public ClaimResult claim(IdempotencyKey key, Duration lease) {
                throw new WebhookUnavailableException("database down", null);
            }

            @Override
            public boolean complete(IdempotencyKey key, ClaimToken token) {
                throw new AssertionError("never reached");
            }

            @Override
            public boolean release(IdempotencyKey key, ClaimToken token) {
                throw new AssertionError("never reached");
            }
        };
        WebhookReceiver receiver = receiver().idempotencyStore(down).on("refund.failed", e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(seen).isEmpty();
    }

    @Test
    void aBrokenVerifierStillGetsAnAnswerNotAnException() {
        WebhookSource broken = new WebhookSource("broken", (request, now) -> {
            throw new ArrayIndexOutOfBoundsException(3);
        }, TestScheme.decoder());
        WebhookReceiver receiver = WebhookReceiver.builder().source(broken).otherwise(e -> seen.add(e.id())).build();

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void inProgressCanBeAnswered503WithRetryAfter() {
        WebhookReceiver receiver = receiver()
                .responsePolicy(ResponsePolicy.builder().inProgressRetryAfter(Duration.ofSeconds(10)).build())
                .on("refund.failed", e -> seen.add(e.id())).build();
        store.claim(new IdempotencyKey("test", "", "evt_1"), Duration.ofMinutes(5));

        WebhookResponse response = receiver.receive(delivery("evt_1", "refund.failed"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Retry-After", "10");
    }

    @Test
    void decodingFailuresOfAVerifiedBodyAre400() {
        WebhookReceiver receiver = receiver().otherwise(e -> seen.add(e.id())).build();

        assertRejected(receiver, TestScheme.signed(SECRET, TS, "{\"id\":\"evt_1\",\"id\":\"evt_2\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.DUPLICATE_JSON_KEY);
        assertRejected(receiver, TestScheme.signed(SECRET, TS, "{\"id\":\"evt_1\",\"type\":\"x\"} {}".getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.MALFORMED_JSON);
        assertRejected(receiver, TestScheme.signed(SECRET, TS, "{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.MISSING_EVENT_FIELD);
        assertRejected(receiver, TestScheme.signed(SECRET, TS, ("{\"id\":\"" + "e".repeat(256) + "\",\"type\":\"x\"}").getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.INVALID_EVENT_FIELD);
        assertRejected(receiver, TestScheme.signed(SECRET, TS, ("[".repeat(100) + "]".repeat(100)).getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.MALFORMED_JSON);
        assertRejected(receiver, TestScheme.signed(SECRET, TS, ("{\"id\":\"e\",\"type\":\"x\",\"n\":" + "[".repeat(100) + "]".repeat(100) + "}").getBytes(StandardCharsets.UTF_8)).build(),
                400, RejectionReason.JSON_LIMIT_EXCEEDED);
        assertThat(seen).isEmpty();
    }

    @Test
    void listenersSeeEveryOutcomeAndCannotBreakTheAnswer() {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = receiver()
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        outcomes.add(response.outcome());
                        assertThat(elapsed.isNegative()).isFalse();
                    }
                })
                .listener(new WebhookListener() {
                    @Override
                    public void onReceived(WebhookRequest request) {
                        throw new IllegalStateException("broken metrics");
                    }
                })
                .on("refund.failed", e -> seen.add(e.id())).build();

        receiver.receive(delivery("evt_1", "refund.failed"));
        receiver.receive(delivery("evt_1", "refund.failed"));
        receiver.receive(TestScheme.signed("wrong", TS, TestScheme.event("evt_2", "refund.failed")).build());

        assertThat(outcomes).containsExactly(Outcome.HANDLED, Outcome.DUPLICATE, Outcome.REJECTED);
    }

    @Test
    void adapterRejectionsFollowThePolicyAndReachListeners() {
        List<WebhookResponse> seenByListener = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = receiver()
                .responsePolicy(ResponsePolicy.builder().status(RejectionReason.UNSUPPORTED_MEDIA_TYPE, 400).build())
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        seenByListener.add(response);
                    }
                }).build();

        WebhookResponse tooLarge = receiver.rejectBeforeReceiving(RejectionReason.BODY_TOO_LARGE, "Content-Length 2000000");
        WebhookResponse wrongType = receiver.rejectBeforeReceiving(RejectionReason.UNSUPPORTED_MEDIA_TYPE, "text/plain");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(seenByListener).extracting(r -> r.reason().orElseThrow())
                .containsExactly(RejectionReason.BODY_TOO_LARGE, RejectionReason.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void logsNeverContainSecretsSignaturesOrBodies() {
        String secret = "whsec_do_not_log_me_1234";
        byte[] body = ("{\"id\":\"evt_log\",\"type\":\"refund.failed\",\"data\":{\"email\":\"jane.doe@example.com\"}}")
                .getBytes(StandardCharsets.UTF_8);
        WebhookRequest valid = TestScheme.signed(secret, TS, body).build();
        String signature = valid.header("X-Test-Signature").orElseThrow();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(secret)).clock(clock)
                .on("refund.failed", e -> {
                    throw new IllegalStateException("handler failed");
                }).build();

        try (LogCapture logs = LogCapture.open()) {
            receiver.receive(valid);
            receiver.receive(TestScheme.signed("wrong_" + secret, TS, body).build());
            receiver.receive(TestScheme.signed(secret, TS - 1000, body).build());
            receiver.receive(TestScheme.signed(secret, TS, "{\"id\":1,\"id\":2,\"jane.doe@example.com\":0}".getBytes(StandardCharsets.UTF_8)).build());
            receiver.receive(TestScheme.signed(secret, TS, "{\"id\":\"x\", jane.doe@example.com}".getBytes(StandardCharsets.UTF_8)).build());

            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.text()).doesNotContain(secret, signature, "jane.doe", "example.com");
        }
    }

    private static void assertRejected(WebhookReceiver receiver, WebhookRequest request, int status, RejectionReason reason) {
        WebhookResponse response = receiver.receive(request);
        assertThat(response.reason()).as("reason").contains(reason);
        assertThat(response.status()).as("status for " + reason).isEqualTo(status);
        assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
    }
}
