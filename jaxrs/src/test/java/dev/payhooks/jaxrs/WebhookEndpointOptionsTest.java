package dev.payhooks.jaxrs;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookEndpointOptionsTest {

    private final WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source("whsec_options")).build();

    @Test
    void anEndpointNeedsAPath() {
        assertThatThrownBy(() -> WebhookEndpoint.builder(receiver).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("paths(");
        assertThatThrownBy(() -> WebhookEndpoint.builder(receiver).paths("webhooks/stripe"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(WebhookRequestFilter::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLimitsOutsideTheReceiversAndUnusableDeadlines() {
        WebhookEndpoint.Builder builder = WebhookEndpoint.builder(receiver);
        assertThatThrownBy(() -> builder.maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxBodyBytes(receiver.maxBodyBytes() + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receiver's own limit");
        assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.readTimeout(Duration.ofMinutes(11))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.acceptContentTypes()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfWithoutSecrets() {
        WebhookRequestFilter filter = WebhookRequestFilter.of(receiver, "/webhooks/test/*");

        assertThat(filter.toString()).contains("/webhooks/test/*", "maxBodyBytes=1048576").doesNotContain("whsec_options");
    }
}
