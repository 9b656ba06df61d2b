package dev.payhooks.servlet;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookFilterOptionsTest {

    private final WebhookReceiver receiver = WebhookReceiver.builder()
            .source(TestScheme.source("whsec_options_test"))
            .maxBodyBytes(64 * 1024)
            .build();

    @Test
    void takesTheBodyLimitFromTheReceiverByDefault() {
        assertThat(WebhookFilter.of(receiver).toString()).contains("maxBodyBytes=65536");
        assertThat(WebhookServlet.of(receiver).toString()).contains("maxBodyBytes=65536");
        assertThat(WebhookFilter.of(WebhookReceiver.builder().source(TestScheme.source("s")).build()).toString())
                .contains("maxBodyBytes=1048576");
    }

    @Test
    void acceptsASmallerBodyLimit() {
        assertThat(WebhookFilter.builder(receiver).maxBodyBytes(1024).build().toString()).contains("maxBodyBytes=1024");
    }

    @Test
    void refusesABodyLimitOverTheReceivers() {
        assertThatThrownBy(() -> WebhookFilter.builder(receiver).maxBodyBytes(64 * 1024 + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the receiver's own limit of 65536")
                .hasMessageContaining("WebhookReceiver.builder().maxBodyBytes");
        assertThatThrownBy(() -> WebhookServlet.builder(receiver).maxBodyBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void refusesMalformedContentTypes() {
        assertThatThrownBy(() -> WebhookFilter.builder(receiver).acceptContentTypes("application/json; charset=utf-8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without parameters");
        assertThatThrownBy(() -> WebhookServlet.builder(receiver).acceptContentTypes())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfWithoutSecrets() {
        String description = WebhookFilter.builder(receiver).passThrough().acceptAnyContentType().build().toString();

        assertThat(description).contains("provider=test", "passThrough=true", "*/*").doesNotContain("whsec_");
    }

    @Test
    void needsAReceiver() {
        assertThatThrownBy(() -> WebhookFilter.of(null)).isInstanceOf(NullPointerException.class).hasMessage("receiver");
        assertThatThrownBy(() -> WebhookServlet.of(null)).isInstanceOf(NullPointerException.class).hasMessage("receiver");
    }
}
