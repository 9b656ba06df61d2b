package dev.payhooks;

import dev.payhooks.internal.InMemoryIdempotencyStore;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreValuesTest {

    @Test
    void requestHeadersAreCaseInsensitiveAndMultiValued() {
        WebhookRequest request = WebhookRequest.of("{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Stripe-Signature", List.of("t=1,v1=ab"), "X-Forwarded-For", List.of("10.0.0.1", "10.0.0.2")),
                Map.of("merchant", List.of("m_1")));

        assertThat(request.header("stripe-signature")).contains("t=1,v1=ab");
        assertThat(request.header("STRIPE-SIGNATURE")).contains("t=1,v1=ab");
        assertThat(request.headers("x-forwarded-for")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(request.header("missing")).isEmpty();
        assertThat(request.queryParameter("merchant")).contains("m_1");
        assertThat(request.queryParameter("Merchant")).as("query names are exact").isEmpty();
        assertThat(request.path()).isEmpty();
    }

    @Test
    void requestBodyIsCopiedInAndOut() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = WebhookRequest.builder().body(body).build();
        body[0] = 'X';
        request.body()[1] = 'Y';

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(request.bodyBuffer().isReadOnly()).isTrue();
        assertThat(request.bodyLength()).isEqualTo(7);
    }

    @Test
    void requestToStringShowsNoValues() {
        WebhookRequest request = WebhookRequest.builder().body("{\"card\":\"4242\"}".getBytes(StandardCharsets.UTF_8))
                .header("Stripe-Signature", "t=1,v1=deadbeef").queryParameter("token", "tok_secret").path("/hooks").build();

        assertThat(request.toString()).doesNotContain("deadbeef", "4242", "tok_secret").contains("stripe-signature", "15 bytes");
    }

    @Test
    void secretsRejectWhitespaceAndNeverPrint() {
        assertThatThrownBy(() -> WebhookSecret.of(" whsec_abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace").hasMessageNotContaining("whsec_abc");
        assertThatThrownBy(() -> WebhookSecret.of("whsec_abc\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSecret.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSecret.of("whsec_abc").toString()).doesNotContain("whsec_abc");
        assertThat(SecretResolver.of("whsec_abc").toString()).doesNotContain("whsec_abc");
        assertThat(ResolvedSecrets.of(List.of(WebhookSecret.of("whsec_abc"))).toString()).doesNotContain("whsec_abc");
    }

    @Test
    void tenantKeysReadQueryHeaderAndPath() {
        WebhookRequest request = WebhookRequest.builder().queryParameter("merchant", "m_1").queryParameter("profile", "gp_2")
                .header("X-Tenant", "t_9").path("/webhooks/stripe/m_42").build();

        assertThat(TenantKey.queryParameters("merchant", "profile").tenantOf(request)).contains("m_1/gp_2");
        assertThat(TenantKey.queryParameter("merchant").tenantOf(request)).contains("m_1");
        assertThat(TenantKey.header("x-tenant").tenantOf(request)).contains("t_9");
        assertThat(TenantKey.pathSegment(2).tenantOf(request)).contains("m_42");
        assertThat(TenantKey.pathSegment(3).tenantOf(request)).isEmpty();
        assertThat(TenantKey.queryParameter("absent").tenantOf(request)).isEmpty();
        WebhookRequest twice = WebhookRequest.builder().queryParameter("merchant", "m_1").queryParameter("merchant", "m_2").build();
        assertThat(TenantKey.queryParameter("merchant").tenantOf(twice)).as("ambiguous").isEmpty();
        WebhookRequest huge = WebhookRequest.builder().queryParameter("merchant", "m".repeat(201)).build();
        assertThat(TenantKey.queryParameter("merchant").tenantOf(huge)).isEmpty();
    }

    @Test
    void responsePolicyIsValidatedAndGeneric() {
        ResponsePolicy policy = ResponsePolicy.defaults();
        for (RejectionReason reason : RejectionReason.values()) {
            ResponsePolicy.Reply reply = policy.reply(Outcome.REJECTED, reason);
            assertThat(reply.status()).isEqualTo(reason.defaultStatus());
            assertThat(reply.body()).doesNotContainIgnoringCase("signature").doesNotContainIgnoringCase("timestamp");
        }
        assertThat(policy.reply(Outcome.HANDLED, null).status()).isEqualTo(200);
        assertThat(policy.reply(Outcome.DUPLICATE, null).status()).isEqualTo(200);
        assertThat(policy.reply(Outcome.FILTERED, null).status()).isEqualTo(200);
        assertThat(policy.reply(Outcome.UNHANDLED, null).status()).isEqualTo(200);
        assertThat(policy.reply(Outcome.IN_PROGRESS, null).status()).isEqualTo(409);
        assertThat(policy.reply(Outcome.FAILED, null).status()).isEqualTo(500);
        assertThat(policy.reply(Outcome.UNAVAILABLE, null).headers()).containsEntry("Retry-After", "30");

        assertThatThrownBy(() -> ResponsePolicy.builder().status(RejectionReason.NO_MATCHING_SIGNATURE, 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4xx");
        assertThatThrownBy(() -> ResponsePolicy.builder().status(Outcome.REJECTED, 400)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResponsePolicy.builder().status(RejectionReason.UNKNOWN_TENANT, 410).build()
                .reply(Outcome.REJECTED, RejectionReason.UNKNOWN_TENANT).status()).isEqualTo(410);
    }

    @Test
    void receiverBuilderExplainsMistakes() {
        assertThatThrownBy(() -> WebhookReceiver.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source(");
        assertThatThrownBy(() -> WebhookReceiver.builder().on("refund*", e -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refund.*");
        assertThatThrownBy(() -> WebhookReceiver.builder().on("*", e -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("otherwise");
        assertThatThrownBy(() -> WebhookReceiver.builder().on("a.*.b", e -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookReceiver.builder().lease(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookReceiver.builder().lease(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most one day");
        assertThatThrownBy(() -> IdempotencyStore.inMemoryBuilder().retention(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3650 days");
        assertThatThrownBy(() -> WebhookReceiver.builder().maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundedStoreDropsOldestCompletedKeysFirstAndNeverInProgressOnes() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryIdempotencyStore store = (InMemoryIdempotencyStore) IdempotencyStore.inMemoryBuilder().clock(clock).maxEntries(3).build();
        IdempotencyKey a = new IdempotencyKey("p", "", "a");
        IdempotencyKey b = new IdempotencyKey("p", "", "b");
        IdempotencyKey c = new IdempotencyKey("p", "", "c");
        IdempotencyKey d = new IdempotencyKey("p", "", "d");
        IdempotencyKey e = new IdempotencyKey("p", "", "e");
        store.claim(a, Duration.ofMinutes(5));
        ClaimToken tokenB = ((ClaimResult.Claimed) store.claim(b, Duration.ofMinutes(5))).token();
        store.complete(b, tokenB);
        store.claim(c, Duration.ofMinutes(5));

        assertThat(store.claim(d, Duration.ofMinutes(5))).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.claim(a, Duration.ofMinutes(5))).as("in-progress a kept").isInstanceOf(ClaimResult.InProgress.class);
        // b (the only completed key) was evicted; a, c and d are unexpired claims, so a new key
        // cannot be admitted without forgetting work in progress.
        assertThatThrownBy(() -> store.claim(b, Duration.ofMinutes(5))).isInstanceOf(WebhookUnavailableException.class);
        assertThatThrownBy(() -> store.claim(e, Duration.ofMinutes(5))).isInstanceOf(WebhookUnavailableException.class);
        clock.advance(Duration.ofMinutes(6));
        assertThat(store.purgeExpired()).isEqualTo(3);
        assertThat(store.claim(e, Duration.ofMinutes(5))).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void eventToStringShowsTheEnvelopeOnly() {
        Event event = Event.builder("stripe", "evt_1", "charge.succeeded",
                "{\"data\":{\"card\":\"4242424242424242\"}}".getBytes(StandardCharsets.UTF_8)).build();

        assertThat(event.toString()).contains("evt_1", "charge.succeeded").doesNotContain("4242");
        assertThat(event.at("/data/card")).contains("4242424242424242");
        assertThat(event.at("/data")).as("containers are not scalars").isEmpty();
        assertThat(event.idempotencyKey()).isEqualTo("evt_1");
    }
}
