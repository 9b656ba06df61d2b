package dev.payhooks.inbox;

import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.DeliveryHandoff;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver's hand-off SPI, with a destination that is not an inbox (as payhooks-kafka's is):
 * it gets the verified message and the decoded event, its answer decides QUEUED, DUPLICATE or 503,
 * and {@link VerifiedDeliveries} processes what it kept without verifying again.
 */
class DeliveryHandoffTest {

    private static final String SECRET = "test_secret_handoff";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);

    private WebhookRequest delivery(String id) {
        return TestScheme.signed(SECRET, NOW.getEpochSecond(), TestScheme.event(id, "refund.failed"))
                .header("Authorization", "Bearer not-for-the-log").header("X-Request-Id", "req_7").build();
    }

    @Test
    void aHandoffGetsTheVerifiedMessageAndEventAndItsAnswerDecidesTheOutcome() throws Exception {
        List<InboxMessage> kept = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        AtomicBoolean duplicate = new AtomicBoolean();
        AtomicBoolean down = new AtomicBoolean();
        DeliveryHandoff log = (message, event) -> {
            if (down.get()) {
                throw new WebhookUnavailableException("the log did not acknowledge in time", null);
            }
            kept.add(message);
            events.add(event);
            return !duplicate.get();
        };
        List<String> handled = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).inbox(log)
                .on("refund.failed", event -> handled.add(event.id())).build();

        assertThat(receiver.receive(delivery("evt_1")).outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(handled).as("no handler runs on the receiving side").isEmpty();
        InboxMessage message = kept.get(0);
        assertThat(message.eventId()).isEqualTo("evt_1");
        assertThat(message.receivedAt()).isEqualTo(NOW);
        assertThat(message.headers()).containsKey("x-request-id").doesNotContainKey("authorization")
                .doesNotContainKey(TestScheme.SIGNATURE_HEADER.toLowerCase(java.util.Locale.ROOT));
        assertThat(events.get(0).id()).isEqualTo("evt_1");

        duplicate.set(true);
        assertThat(receiver.receive(delivery("evt_1")).outcome()).isEqualTo(Outcome.DUPLICATE);
        down.set(true);
        WebhookResponse unavailable = receiver.receive(delivery("evt_2"));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers()).containsKey("Retry-After");

        // A worker elsewhere: decodes the kept message without its (dropped) signature and runs the handlers.
        Event decoded = VerifiedDeliveries.decodeWithoutReverifying(receiver, message);
        assertThat(decoded.id()).isEqualTo("evt_1");
        assertThat(VerifiedDeliveries.runHandlers(receiver, decoded)).isEqualTo(1);
        assertThat(handled).containsExactly("evt_1");
    }
}
