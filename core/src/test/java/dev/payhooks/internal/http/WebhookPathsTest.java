package dev.payhooks.internal.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPathsTest {

    @Test
    void anExactPathMatchesItselfWithOrWithoutSlashesOnly() {
        WebhookPaths paths = WebhookPaths.of(List.of("/webhooks/stripe"));

        assertThat(paths.matches("/webhooks/stripe")).isTrue();
        assertThat(paths.matches("webhooks/stripe")).as("JAX-RS paths come without the leading slash").isTrue();
        assertThat(paths.matches("/webhooks/stripe/")).isTrue();
        assertThat(paths.matches("/webhooks/stripe/m_42")).isFalse();
        assertThat(paths.matches("/webhooks/stripes")).isFalse();
        assertThat(paths.matches("/webhooks")).isFalse();
    }

    @Test
    void aStarPatternMatchesThePathAndEverythingBelowButNoSibling() {
        WebhookPaths paths = WebhookPaths.of(List.of("/webhooks/stripe/*", "/hook"));

        assertThat(paths.matches("/webhooks/stripe")).isTrue();
        assertThat(paths.matches("/webhooks/stripe/m_42")).isTrue();
        assertThat(paths.matches("/webhooks/stripe/m_42/gp_7")).isTrue();
        assertThat(paths.matches("/webhooks/stripe-legacy")).isFalse();
        assertThat(paths.matches("/hook")).isTrue();
        assertThat(WebhookPaths.of(List.of("/*")).matches("/anything/at/all")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhooks", "/a/*/b", "/a*", "/a?x=1", "/a#f", "//a", ""})
    void refusesPatternsOfAnotherForm(String pattern) {
        assertThatThrownBy(() -> WebhookPaths.of(List.of(pattern)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/webhooks/stripe");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> WebhookPaths.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
