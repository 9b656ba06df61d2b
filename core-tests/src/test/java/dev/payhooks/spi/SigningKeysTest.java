package dev.payhooks.spi;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final WebhookRequest UNNAMED = WebhookRequest.builder().body(new byte[0]).build();

    /** Keys are the secret upper-cased; a secret containing "bad" is unusable. */
    private final AtomicInteger decodes = new AtomicInteger();
    private final Function<String, String> decoder = secret -> {
        decodes.incrementAndGet();
        if (secret.contains("bad")) {
            throw new IllegalArgumentException("it is not in the scheme's format");
        }
        return secret.toUpperCase();
    };

    private static WebhookRequest forTenant(String tenant) {
        return WebhookRequest.builder().body(new byte[0]).header("X-Tenant", tenant).build();
    }

    private SigningKeys<String> perTenant(Map<String, List<WebhookSecret>> secrets) {
        return SigningKeys.of("acme", SecretResolver.perTenant(TenantKey.header("X-Tenant"), secrets::get), decoder);
    }

    @Test
    void fixedSecretsAreDecodedOnceWhenTheKeysAreMade() {
        SigningKeys<String> keys = SigningKeys.of("acme", SecretResolver.of("one", "two"), decoder);
        assertThat(decodes).hasValue(2);

        ActiveKeys<String> active = keys.activeAt(UNNAMED, NOW);
        keys.activeAt(UNNAMED, NOW);

        assertThat(active.keys()).containsExactly("ONE", "TWO");
        assertThat(active.tenant()).isEmpty();
        assertThat(active.verified().tenant()).isEmpty();
        assertThat(decodes).hasValue(2);
    }

    @Test
    void anUnusableFixedSecretFailsAtOnceByPositionNeverByValue() {
        assertThatThrownBy(() -> SigningKeys.of("acme", SecretResolver.of("good", "bad-secret-value"), decoder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme webhook secret 2 of 2 is unusable: it is not in the scheme's format")
                .hasMessageNotContaining("bad-secret-value");
    }

    @Test
    void perRequestSecretsAreDecodedOnFirstUseAndCached() {
        SigningKeys<String> keys = perTenant(Map.of("m_1", List.of(WebhookSecret.of("s1"))));

        ActiveKeys<String> active = keys.activeAt(forTenant("m_1"), NOW);
        keys.activeAt(forTenant("m_1"), NOW);

        assertThat(active.keys()).containsExactly("S1");
        assertThat(active.tenant()).contains("m_1");
        assertThat(active.verified().tenant()).contains("m_1");
        assertThat(decodes).hasValue(1);
    }

    @Test
    void anUnknownTenantIsTheResolversUnknownTenant() {
        SigningKeys<String> keys = perTenant(Map.of());

        assertThatThrownBy(() -> keys.activeAt(forTenant("m_9"), NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_TENANT));
        assertThatThrownBy(() -> keys.activeAt(UNNAMED, NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_TENANT));
    }

    @Test
    void aFailingOrNullResolverIsUnavailable() {
        SecretResolver broken = request -> {
            throw new IllegalStateException("connection refused");
        };
        SigningKeys<String> failing = SigningKeys.of("acme", broken, decoder);
        SigningKeys<String> returningNull = SigningKeys.of("acme", request -> null, decoder);

        assertThatThrownBy(() -> failing.activeAt(UNNAMED, NOW))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("acme secret lookup failed")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> returningNull.activeAt(UNNAMED, NOW))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void expiredSecretsAreLeftOutAndAllExpiredIsNoActiveSecret() {
        WebhookSecret expired = WebhookSecret.of("old", NOW.minusSeconds(1));
        SigningKeys<String> rolling = SigningKeys.of("acme", SecretResolver.of(List.of(WebhookSecret.of("new"), expired)), decoder);
        SigningKeys<String> allExpired = SigningKeys.of("acme", SecretResolver.of(List.of(expired)), decoder);

        assertThat(rolling.activeAt(UNNAMED, NOW).keys()).containsExactly("NEW");
        assertThatThrownBy(() -> allExpired.activeAt(UNNAMED, NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.NO_ACTIVE_SECRET));
    }

    @Test
    void anUnusablePerRequestSecretIsSkippedAndLoggedOnceWithoutItsValue() {
        SigningKeys<String> keys = perTenant(Map.of("m_1", List.of(WebhookSecret.of("bad-tenant-secret"), WebhookSecret.of("good"))));

        try (LogCapture logs = LogCapture.open()) {
            assertThat(keys.activeAt(forTenant("m_1"), NOW).keys()).containsExactly("GOOD");
            assertThat(keys.activeAt(forTenant("m_1"), NOW).keys()).containsExactly("GOOD");

            assertThat(logs.text()).contains("of tenant 'm_1' is unusable and is skipped: it is not in the scheme's format")
                    .doesNotContain("bad-tenant-secret");
            assertThat(logs.text().split("is skipped", -1)).hasSize(2);
        }
        assertThat(decodes).hasValue(2);
    }

    @Test
    void noUsableSecretIsAConfigurationFaultAnsweredUnavailable() {
        SigningKeys<String> keys = perTenant(Map.of("m_1", List.of(WebhookSecret.of("bad-tenant-secret"))));

        assertThatThrownBy(() -> keys.activeAt(forTenant("m_1"), NOW))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("none of the 1 active acme secret(s) of tenant 'm_1' is usable")
                .hasMessageContaining("it is not in the scheme's format")
                .hasMessageNotContaining("bad-tenant-secret");
    }

    @Test
    void theCacheStaysBoundedWithManyTenants() {
        SigningKeys<String> keys = SigningKeys.of("acme",
                request -> dev.payhooks.ResolvedSecrets.of(request.header("X-Tenant").orElseThrow(),
                        List.of(WebhookSecret.of("secret-" + request.header("X-Tenant").orElseThrow()))), decoder);

        for (int i = 0; i < SigningKeys.MAX_CACHED_KEYS * 3; i++) {
            assertThat(keys.activeAt(forTenant("t" + i), NOW).keys()).containsExactly("SECRET-T" + i);
        }
        // Every tenant was decoded once; a tenant seen again after the cache started over is decoded again.
        assertThat(decodes).hasValue(SigningKeys.MAX_CACHED_KEYS * 3);
        keys.activeAt(forTenant("t0"), NOW);
        assertThat(decodes).hasValue(SigningKeys.MAX_CACHED_KEYS * 3 + 1);
    }

    @Test
    void aSignersSecretsAreDecodedInOrderAndRefusedByPosition() {
        assertThat(SigningKeys.decodeEach("acme", List.of("one", "two"), decoder)).containsExactly("ONE", "TWO");
        assertThatThrownBy(() -> SigningKeys.decodeEach("acme", List.of("ok", "bad-value"), decoder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the acme signing secret 2 of 2 is unusable: it is not in the scheme's format");
        assertThatThrownBy(() -> SigningKeys.decodeEach("acme", List.of(), decoder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one acme signing secret");
        assertThatThrownBy(() -> SigningKeys.decodeEach("acme", List.of("padded "), decoder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whitespace").hasMessageNotContaining("padded");
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(SigningKeys.of("acme", SecretResolver.of("s3cr3t-value"), decoder).toString()).doesNotContain("s3cr3t-value");
        assertThat(SigningKeys.of("acme", SecretResolver.of("s3cr3t-value"), decoder).activeAt(UNNAMED, NOW).toString())
                .doesNotContain("S3CR3T-VALUE");
    }
}
