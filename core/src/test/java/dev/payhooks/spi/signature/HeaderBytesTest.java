package dev.payhooks.spi.signature;

import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderBytesTest {

    @Test
    void turnsEachCharacterAContainerDecodedBackIntoTheByteOnTheWire() {
        // "msg_café" sent as UTF-8 (63 61 66 C3 A9); a container reads each byte as one ISO-8859-1 character.
        byte[] wire = "msg_caf\u00e9".getBytes(StandardCharsets.UTF_8);
        String asDecoded = new String(wire, StandardCharsets.ISO_8859_1);
        assertThat(asDecoded).isEqualTo("msg_caf\u00c3\u00a9");

        assertThat(SignatureHeaders.bytesAsReceived(asDecoded, "webhook-id", RejectionReason.MISSING_MESSAGE_ID)).isEqualTo(wire);
        // Not the UTF-8 of the decoded text, which would be seven other bytes ("mojibake").
        assertThat(asDecoded.getBytes(StandardCharsets.UTF_8)).isNotEqualTo(wire);
    }

    @Test
    void keepsEveryByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(SignatureHeaders.bytesAsReceived(new String(all, StandardCharsets.ISO_8859_1), "x", RejectionReason.MISSING_MESSAGE_ID))
                .isEqualTo(all);
    }

    @Test
    void refusesACharacterNoHeaderCanCarry() {
        assertThatThrownBy(() -> SignatureHeaders.bytesAsReceived("msg_\u20ac", "webhook-id", RejectionReason.MISSING_MESSAGE_ID))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_MESSAGE_ID))
                .hasMessageContaining("webhook-id").hasMessageContaining("index 4").hasMessageNotContaining("\u20ac");
        assertThatThrownBy(() -> SignatureHeaders.bytesAsReceived("1700000000\ud83d\ude00", "t", RejectionReason.MALFORMED_TIMESTAMP))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_TIMESTAMP));
    }
}
