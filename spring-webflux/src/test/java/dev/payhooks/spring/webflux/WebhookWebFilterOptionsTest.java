package dev.payhooks.spring.webflux;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookWebFilterOptionsTest {

    private final WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source("whsec_options")).build();

    @Test
    void aFilterNeedsAPath() {
        assertThatThrownBy(() -> WebhookWebFilter.builder(receiver).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("paths(");
        assertThatThrownBy(() -> WebhookWebFilter.of(receiver, "/a/*/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLimitsOutsideTheReceiversAndUnusableDeadlines() {
        WebhookWebFilter.Builder builder = WebhookWebFilter.builder(receiver);
        assertThatThrownBy(() -> builder.maxBodyBytes(receiver.maxBodyBytes() + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receiver's own limit");
        assertThatThrownBy(() -> builder.readTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.scheduler(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void runsBeforeEveryOtherFilterAndDescribesItselfWithoutSecrets() {
        WebhookWebFilter filter = WebhookWebFilter.of(receiver, "/webhooks/test");

        assertThat(filter.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        assertThat(filter.toString()).contains("/webhooks/test").doesNotContain("whsec_options");
    }
}
