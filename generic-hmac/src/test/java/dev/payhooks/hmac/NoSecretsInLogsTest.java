package dev.payhooks.hmac;

import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets, signature values, expected MACs and bodies never reach a log line, an exception message
 * or a {@code toString()} (SECURITY.md, guarantee 8), across accepted, rejected and failing deliveries.
 */
class NoSecretsInLogsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final byte[] KEY = utf8("SECRETKEYBYTES-0123456789abcdef");
    private static final String KEY_B64 = Base64.getEncoder().encodeToString(KEY);
    private static final String SECRET = "whsec_" + KEY_B64;
    private static final String WRONG_SECRET = "whsec_" + Base64.getEncoder().encodeToString(utf8("WRONGKEYBYTES-0123456789abcdefgh"));
    private static final String BODY_MARKER = "PERSONAL-DATA-4111111111111111";

    @Test
    void nothingSecretLeaksFromAnyOutcome() {
        List<String> sensitive = new ArrayList<>(List.of(SECRET, KEY_B64, WRONG_SECRET, BODY_MARKER, "SECRETKEYBYTES", "WRONGKEYBYTES"));
        List<String> exceptionMessages = new ArrayList<>();
        MutableClock clock = new MutableClock(NOW);
        WebhookSource source = HmacPresets.yoco().source(SECRET);
        WebhookReceiver receiver = WebhookReceiver.builder().source(source)
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(1))).clock(clock)
                .on("payment.succeeded", e -> {
                    if (e.id().equals("evt_fail")) {
                        throw new IllegalStateException("handler failed for " + e.id());
                    }
                })
                .build();
        WebhookSigner good = HmacPresets.yoco().signer(SECRET);
        WebhookSigner bad = HmacPresets.yoco().signer(WRONG_SECRET);

        try (LogCapture logs = LogCapture.open()) {
            List<WebhookRequest> requests = new ArrayList<>();
            for (String id : List.of("evt_ok", "evt_fail")) {
                byte[] body = body(id);
                requests.add(good.request(body, NOW, "msg_" + id));
                requests.add(good.request(body, NOW, "msg_" + id));
                requests.add(bad.request(body, NOW, "msg_x" + id));
                requests.add(good.request(body, NOW.minusSeconds(3600), "msg_old" + id));
                sensitive.add(good.headers(body, NOW, "msg_" + id).values().stream().reduce((first, last) -> last).orElseThrow().substring(3));
                sensitive.add(bad.headers(body, NOW, "msg_x" + id).values().stream().reduce((first, last) -> last).orElseThrow().substring(3));
                // Tampered body: the expected MAC of what arrived must not be logged either.
                Map<String, String> headers = good.headers(body, NOW, "msg_t" + id);
                byte[] tampered = body(id + "-tampered");
                sensitive.add(good.headers(tampered, NOW, "msg_t" + id).values().stream().reduce((first, last) -> last).orElseThrow().substring(3));
                requests.add(Requests.request(tampered, headers));
                requests.add(Requests.request(utf8("{not json " + BODY_MARKER), good.headers(utf8("{not json " + BODY_MARKER), NOW, "m")));
            }
            for (WebhookRequest request : requests) {
                receiver.receive(request);
                try {
                    source.verifier().verify(request, NOW);
                } catch (WebhookVerificationException e) {
                    exceptionMessages.add(e.getMessage());
                }
            }
            // A per-tenant secret that the scheme cannot use (too short) is a non-match, and says nothing about itself.
            String shortSecret = "whsec_" + Base64.getEncoder().encodeToString(utf8("SHORTSECRET"));
            sensitive.add(shortSecret);
            WebhookReceiver tenants = WebhookReceiver.builder().clock(clock)
                    .source(HmacPresets.yoco().source(SecretResolver.perTenant(TenantKey.queryParameter("m"),
                            m -> List.of(WebhookSecret.of(shortSecret)))))
                    .on("payment.succeeded", e -> { }).build();
            WebhookRequest.Builder tenantRequest = WebhookRequest.builder().body(body("evt_t")).queryParameter("m", "m1");
            good.headers(body("evt_t"), NOW, "msg_t").forEach(tenantRequest::header);
            tenants.receive(tenantRequest.build());

            String logged = logs.text();
            // Non-vacuous: the receiver's DEBUG rejection lines and the handler failure were captured.
            assertThat(logged).contains("rejected a delivery").contains("handler failed");
            for (String value : sensitive) {
                assertThat(logged).as("log output").doesNotContain(value);
                for (String message : exceptionMessages) {
                    assertThat(message).as("exception message").doesNotContain(value);
                }
            }
        }
        for (Object o : List.of(HmacPresets.yoco(), good, source, source.verifier(), source.decoder())) {
            for (String value : sensitive) {
                assertThat(o.toString()).doesNotContain(value);
            }
        }
    }

    @Test
    void configurationErrorsDoNotQuoteTheSecret() {
        String notBase64 = "whsec_SECRET*VALUE*NOT*BASE64";
        try {
            HmacPresets.standardWebhooks().source(notBase64);
        } catch (IllegalArgumentException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain("SECRET").doesNotContain("*");
            }
            return;
        }
        throw new AssertionError("expected the secret to be refused");
    }

    private static byte[] body(String id) {
        return utf8("{\"id\":\"" + id + "\",\"type\":\"payment.succeeded\",\"createdDate\":\"2026-11-22T11:59:58Z\","
                + "\"payload\":{\"mode\":\"live\",\"card\":\"" + BODY_MARKER + "\",\"metadata\":{\"checkoutId\":\"ch_1\"}}}");
    }
}
