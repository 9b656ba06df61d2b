package dev.payhooks.spi;

import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared part of every provider's builder, through a minimal provider built on it. */
class WebhookSourceBuilderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A provider whose secrets must start with "k_"; it keeps what the builder configured. */
    static final class AcmeBuilder extends WebhookSourceBuilder<AcmeBuilder, HmacKey> {
        SigningKeys<HmacKey> keys;
        Tolerance tolerance;
        JsonLimits limits;

        AcmeBuilder(Tolerance defaultTolerance) {
            super("acme", AcmeBuilder::key, defaultTolerance, "the k_... secret from the Acme console");
        }

        static HmacKey key(String secret) {
            if (!secret.startsWith("k_")) {
                throw new IllegalArgumentException("an Acme secret starts with k_");
            }
            return HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public WebhookSource build() {
            keys = signingKeys();
            tolerance = configuredTolerance();
            limits = configuredJsonLimits();
            return TestScheme.source(keys.resolver());
        }
    }

    private static AcmeBuilder builder() {
        return new AcmeBuilder(Tolerance.of(Duration.ofMinutes(5)));
    }

    @Test
    void secretsOfEveryKindEndUpInTheKeys() {
        AcmeBuilder builder = builder().secrets("k_one").secret("k_old", NOW.minusSeconds(1)).secret(WebhookSecret.of("k_two"))
                .secrets(java.util.List.of(WebhookSecret.of("k_three")));
        builder.build();

        assertThat(builder.keys.resolver().fixedSecrets()).extracting(WebhookSecret::value)
                .containsExactly("k_one", "k_old", "k_two", "k_three");
        assertThat(builder.keys.activeAt(WebhookRequest.builder().body(new byte[0]).build(), NOW).keys()).hasSize(3);
        assertThat(builder.tolerance).isEqualTo(Tolerance.of(Duration.ofMinutes(5)));
        assertThat(builder.limits).isEqualTo(JsonLimits.defaults());
    }

    @Test
    void anUnusableSecretIsRefusedWhenAddedByPosition() {
        assertThatThrownBy(() -> builder().secrets("k_fine", "sk_live_oops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the acme webhook secret 2 (counting from 1) is unusable: an Acme secret starts with k_");
    }

    @Test
    void aNullSecretPointsAtTheEnvironment() {
        assertThatThrownBy(() -> builder().secrets((String) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable").hasMessageContaining("the k_... secret from the Acme console");
    }

    @Test
    void secretsAndAResolverExcludeEachOther() {
        assertThatThrownBy(() -> builder().secrets("k_1").secretResolver(SecretResolver.of("k_2")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder().secretResolver(SecretResolver.of("k_2")).secrets("k_1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noSecretAtAllSaysWhereToFindOne() {
        assertThatThrownBy(() -> builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no acme signing secret configured; pass the k_... secret from the Acme console");
    }

    @Test
    void aResolversFixedSecretsAreCheckedAtBuild() {
        assertThatThrownBy(() -> builder().secretResolver(SecretResolver.of("k_ok", "nope")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme webhook secret 2 of 2 is unusable");
    }

    @Test
    void theToleranceMustFitTheScheme() {
        assertThatThrownBy(() -> builder().tolerance(Tolerance.disabledForSchemesWithoutTimestamps()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be disabled");
        AcmeBuilder withoutTimestamps = new AcmeBuilder(Tolerance.disabledForSchemesWithoutTimestamps());
        assertThatThrownBy(() -> withoutTimestamps.tolerance(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signs no timestamp");

        AcmeBuilder wider = builder().secrets("k_1").tolerance(Duration.ofMinutes(10)).jsonLimits(JsonLimits.defaults());
        wider.build();
        assertThat(wider.tolerance).isEqualTo(Tolerance.of(Duration.ofMinutes(10)));
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(builder().secrets("k_s3cr3t").toString()).doesNotContain("k_s3cr3t").contains("1 secret");
    }
}
