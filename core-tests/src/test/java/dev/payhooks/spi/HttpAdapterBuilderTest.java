package dev.payhooks.spi;

import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared part of every HTTP adapter's builder, through a minimal adapter builder built on it. */
class HttpAdapterBuilderTest {

    private static final WebhookReceiver RECEIVER = WebhookReceiver.builder()
            .source(TestScheme.source(SecretResolver.of("adapter-builder-test")))
            .maxBodyBytes(64 * 1024)
            .build();

    /** An adapter builder that hands back what it was configured with, as an adapter reads it at build time. */
    static final class AcmeAdapterBuilder extends RoutingAdapterBuilder<AcmeAdapterBuilder> {
        AcmeAdapterBuilder() {
            this(RECEIVER);
        }

        AcmeAdapterBuilder(WebhookReceiver receiver) {
            super(receiver);
        }

        String build() {
            return receiver().provider() + " " + configuredMaxBodyBytes() + " " + configuredContentTypes() + " "
                    + configuredReadTimeout() + " " + configuredPaths();
        }
    }

    @Test
    void startsFromTheReceiversLimitJsonAndTenSeconds() {
        assertThat(new AcmeAdapterBuilder().paths("/webhooks/acme").build())
                .isEqualTo(TestScheme.PROVIDER + " 65536 [application/json, application/*+json] PT10S [/webhooks/acme]");
    }

    @Test
    void everySetterReturnsTheAdaptersOwnBuilderAndIsKept() {
        AcmeAdapterBuilder builder = new AcmeAdapterBuilder().maxBodyBytes(1024).acceptContentTypes("text/*")
                .readTimeout(Duration.ofSeconds(3)).paths("/a", "/b/*");
        assertThat(builder.build()).isEqualTo(TestScheme.PROVIDER + " 1024 [text/*] PT3S [/a, /b/*]");
        assertThat(builder.acceptAnyContentType().build()).contains(" [*/*] ");
    }

    @Test
    void refusesABodyLimitOutsideOneToTheReceivers() {
        AcmeAdapterBuilder builder = new AcmeAdapterBuilder().paths("/a");
        assertThatThrownBy(() -> builder.maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBodyBytes must be at least 1");
        assertThatThrownBy(() -> builder.maxBodyBytes(64 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the receiver's own limit of 65536")
                .hasMessageContaining("WebhookReceiver.builder().maxBodyBytes");
        assertThat(builder.maxBodyBytes(64 * 1024).build()).contains(" 65536 ");
    }

    @Test
    void refusesMalformedOrNoContentTypesAndKeepsThePreviousOnes() {
        AcmeAdapterBuilder builder = new AcmeAdapterBuilder().paths("/a");
        assertThatThrownBy(() -> builder.acceptContentTypes("application/json; charset=utf-8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without parameters");
        assertThatThrownBy(builder::acceptContentTypes).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acceptAnyContentType()");
        assertThat(builder.build()).contains(" [application/json, application/*+json] ");
    }

    @Test
    void refusesAReadTimeoutThatIsNotPositiveOrOverTenMinutes() {
        AcmeAdapterBuilder builder = new AcmeAdapterBuilder();
        for (Duration wrong : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(10).plusNanos(1))) {
            assertThatThrownBy(() -> builder.readTimeout(wrong)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("readTimeout must be positive and at most");
        }
        assertThatThrownBy(() -> builder.readTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.readTimeout(Duration.ofMinutes(10)).paths("/a").build()).contains(" PT10M ");
    }

    @Test
    void needsAPathOfAKnownFormBeforeBuilding() {
        AcmeAdapterBuilder builder = new AcmeAdapterBuilder();
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paths(\"/webhooks/stripe\")");
        assertThatThrownBy(() -> builder.paths()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.paths("/a/*/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcmeAdapterBuilder().paths((String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void needsAReceiver() {
        assertThatThrownBy(() -> new AcmeAdapterBuilder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("receiver");
    }
}
