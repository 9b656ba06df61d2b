package dev.payhooks.spi;

import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {

    /** Writes what it was given, and refuses an empty message id like a scheme that signs one. */
    private static final WebhookSigner ECHO = (body, signedAt, messageId) -> {
        if (messageId.isEmpty()) {
            throw new IllegalArgumentException("this scheme signs a message id");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Id", messageId);
        headers.put("X-Signed", signedAt.getEpochSecond() + ":" + body.length);
        return headers;
    };

    private static final WebhookSigner NO_ID = (body, signedAt, messageId) -> Map.of("X-Signed", "t=" + signedAt.getEpochSecond());

    @Test
    void aRequestCarriesTheBodyTheContentTypeAndTheHeaders() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = ECHO.request(body, Instant.ofEpochSecond(1_700_000_000), "msg_1");

        assertThat(request.body()).isEqualTo(body);
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.header("X-Id")).contains("msg_1");
        assertThat(request.header("X-Signed")).contains("1700000000:7");
    }

    @Test
    void theShortFormsAreForSchemesWithoutAMessageId() {
        byte[] body = new byte[0];
        Instant at = Instant.ofEpochSecond(5);

        assertThat(NO_ID.headers(body, at)).containsEntry("X-Signed", "t=5");
        assertThat(NO_ID.request(body, at).header("X-Signed")).contains("t=5");
        assertThatThrownBy(() -> ECHO.headers(body, at)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ECHO.request(body, at)).isInstanceOf(IllegalArgumentException.class);
    }
}
