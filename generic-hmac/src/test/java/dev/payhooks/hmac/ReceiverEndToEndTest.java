package dev.payhooks.hmac;

import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.Event;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.Mode;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Every preset end to end through core's {@link WebhookReceiver}: verify, decode, filter, deduplicate, dispatch, answer. */
class ReceiverEndToEndTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String YOCO_SECRET = "whsec_" + Base64.getEncoder().encodeToString(utf8("yoco-test-secret-32-bytes-long!!"));

    private final MutableClock clock = new MutableClock(NOW);
    private final List<Event> handled = new ArrayList<>();

    /** Yoco's event shape (https://developer.yoco.com/online/api-reference/webhooks/accept-events). */
    private static byte[] yocoEvent(String id, String type, String mode, String checkoutId) {
        return utf8("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"createdDate\":\"2026-11-22T11:59:58.123Z\","
                + "\"payload\":{\"id\":\"p_1\",\"amount\":2900,\"currency\":\"ZAR\",\"mode\":\"" + mode + "\","
                + "\"metadata\":{\"checkoutId\":\"" + checkoutId + "\"}}}");
    }

    @Test
    void yocoEventsAreOrderedByTheirPayloadAndCreatedDate() {
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.yoco().source(YOCO_SECRET)).clock(clock)
                .ordering(dev.payhooks.Ordering.inMemory()).on("refund.*", handled::add).build();
        WebhookSigner signer = HmacPresets.yoco().signer(YOCO_SECRET);
        byte[] newer = utf8("{\"id\":\"evt_2\",\"type\":\"refund.failed\",\"createdDate\":\"2026-11-22T11:59:59.000Z\","
                + "\"payload\":{\"id\":\"p_9\",\"mode\":\"live\"}}");
        byte[] older = utf8("{\"id\":\"evt_1\",\"type\":\"refund.succeeded\",\"createdDate\":\"2026-11-22T11:59:58.500Z\","
                + "\"payload\":{\"id\":\"p_9\",\"mode\":\"live\"}}");

        assertThat(receiver.receive(signer.request(newer, clock.instant(), "msg_2")).outcome()).isEqualTo(Outcome.HANDLED);
        WebhookResponse late = receiver.receive(signer.request(older, clock.instant(), "msg_1"));

        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(late.status()).isEqualTo(200);
        assertThat(handled).extracting(Event::id).containsExactly("evt_2");
    }

    @Test
    void standardWebhooksEventsNameNoObjectUnlessTheirPointersAreGiven() {
        byte[] body = utf8("{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-22T11:59:58Z\",\"data\":{\"object\":\"invoice\",\"id\":\"in_1\"}}");
        HmacWebhooks plain = HmacPresets.standardWebhooks();
        HmacWebhooks ordered = plain.redefine().events(e -> e.orderingObject("/data/object", "/data/id")).build();
        String secret = YOCO_SECRET;
        WebhookRequest request = plain.signer(secret).request(body, clock.instant(), "msg_7");

        Event unordered = plain.source(secret).decoder().decode(request, dev.payhooks.spi.Verification.forTenant(null));
        Event named = ordered.source(secret).decoder().decode(request, dev.payhooks.spi.Verification.forTenant(null));

        assertThat(unordered.orderingObject()).isEmpty();
        assertThat(named.orderingObject()).contains(new dev.payhooks.ObjectRef("invoice", "in_1"));
    }

    private WebhookReceiver yocoReceiver(Set<String> myCheckouts) {
        return WebhookReceiver.builder()
                .source(HmacPresets.yoco().source(YOCO_SECRET))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .clock(clock)
                .filter(e -> e.at("/payload/metadata/checkoutId").map(myCheckouts::contains).orElse(false))
                .on("payment.succeeded", handled::add)
                .on("refund.*", handled::add)
                .build();
    }

    @Test
    void yocoPaymentForOurCheckoutIsHandledOnceAndItsRetryIsADuplicate() {
        WebhookReceiver receiver = yocoReceiver(Set.of("ch_ours"));
        byte[] body = yocoEvent("evt_1", "payment.succeeded", "live", "ch_ours");
        WebhookSigner signer = HmacPresets.yoco().signer(YOCO_SECRET);

        WebhookResponse first = receiver.receive(signer.request(body, clock.instant(), "msg_1"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        Event event = handled.get(0);
        assertThat(event.provider()).isEqualTo("yoco");
        assertThat(event.id()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo("payment.succeeded");
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
        assertThat(event.created()).contains(Instant.parse("2026-11-22T11:59:58.123Z"));
        assertThat(event.attribute("checkoutId")).contains("ch_ours");
        assertThat(event.idempotencyKey()).isEqualTo("msg_1");
        assertThat(event.at("/amount")).isEmpty();
        assertThat(event.data(Payment.class)).isEqualTo(new Payment("p_1", 2900, "ZAR"));
        assertThat(event.orderingObject()).contains(new dev.payhooks.ObjectRef("payload", "p_1"));

        // Yoco retries with a fresh timestamp and signature but the same webhook-id, sometimes via svix-id.
        clock.advance(Duration.ofMinutes(5));
        WebhookRequest retry = signer.request(body, clock.instant(), "msg_1");
        assertThat(receiver.receive(retry).outcome()).isEqualTo(Outcome.DUPLICATE);
        WebhookRequest svixSpelling = svix(signer.headers(body, clock.instant(), "msg_1"), body);
        WebhookResponse svixRetry = receiver.receive(svixSpelling);
        assertThat(svixRetry.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(svixRetry.status()).isEqualTo(200);
        assertThat(handled).hasSize(1);
    }

    @Test
    void yocoEventForSomeoneElsesCheckoutIsFilteredOutWith200() {
        WebhookReceiver receiver = yocoReceiver(Set.of("ch_ours"));
        byte[] body = yocoEvent("evt_2", "payment.succeeded", "test", "ch_theirs");
        WebhookResponse response = receiver.receive(HmacPresets.yoco().signer(YOCO_SECRET).request(body, clock.instant(), "msg_2"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome()).isEqualTo(Outcome.FILTERED);
        assertThat(handled).isEmpty();
    }

    @Test
    void yocoRejectsForgedAndStaleDeliveriesWithoutRunningHandlers() {
        WebhookReceiver receiver = yocoReceiver(Set.of("ch_ours"));
        byte[] body = yocoEvent("evt_3", "refund.succeeded", "live", "ch_ours");
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(utf8("another-secret-of-32-bytes-long!"));

        WebhookResponse forged = receiver.receive(HmacPresets.yoco().signer(otherSecret).request(body, clock.instant(), "msg_3"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);

        // Yoco's recommended tolerance is 3 minutes.
        WebhookRequest signedEarlier = HmacPresets.yoco().signer(YOCO_SECRET).request(body, clock.instant().minusSeconds(181), "msg_3");
        WebhookResponse stale = receiver.receive(signedEarlier);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.reason()).contains(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(handled).isEmpty();

        WebhookResponse fresh = receiver.receive(HmacPresets.yoco().signer(YOCO_SECRET).request(body, clock.instant(), "msg_3"));
        assertThat(fresh.outcome()).isEqualTo(Outcome.HANDLED);
    }

    @Test
    void standardWebhooksEventIdAndIdempotencyKeyAreTheWebhookId() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        byte[] body = utf8("{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\","
                + "\"data\":{\"id\":\"1f81eb52-5198-4599-803e-771906343485\"}}");
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.standardWebhooks().source(secret))
                .clock(clock).on("contact.created", handled::add).build();
        WebhookResponse response = receiver.receive(HmacPresets.standardWebhooks().signer(secret).request(body, NOW, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"));
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        Event event = handled.get(0);
        assertThat(event.id()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(event.idempotencyKey()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(event.created()).contains(Instant.parse("2022-11-03T20:26:10.344522Z"));
        assertThat(event.at("/data/id")).contains("1f81eb52-5198-4599-803e-771906343485");
    }

    @Test
    void githubTypeAndIdComeFromHeaders() {
        byte[] body = utf8("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/hello\"}}");
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.github().source("gh-secret"))
                .clock(clock).on("push", handled::add).build();
        WebhookRequest.Builder request = WebhookRequest.builder().body(body).header("X-GitHub-Event", "push");
        HmacPresets.github().signer("gh-secret").headers(body, NOW, "72d3162e-cc78-11e3-81ab-4c9367dc0958").forEach(request::header);
        WebhookResponse response = receiver.receive(request.build());
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(handled.get(0).id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(handled.get(0).type()).isEqualTo("push");
        assertThat(handled.get(0).at("/repository/full_name")).contains("octo/hello");
    }

    @Test
    void shopifyTypeAndIdComeFromHeaders() {
        byte[] body = utf8("{\"id\":820982911946154508,\"email\":\"jon@example.com\"}");
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.shopify().source("shpss_secret"))
                .clock(clock).on("orders/create", handled::add).build();
        WebhookRequest.Builder request = WebhookRequest.builder().body(body).header("X-Shopify-Topic", "orders/create");
        HmacPresets.shopify().signer("shpss_secret").headers(body, NOW, "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043").forEach(request::header);
        assertThat(receiver.receive(request.build()).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(handled.get(0).id()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(handled.get(0).type()).isEqualTo("orders/create");
    }

    @Test
    void slackEventsApiEnvelopeIsDecoded() {
        byte[] body = utf8("{\"token\":\"t\",\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\","
                + "\"event_time\":1234567890,\"event\":{\"type\":\"app_mention\",\"text\":\"hi\"}}");
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.slack().source("slack-signing-secret"))
                .clock(clock).on("app_mention", handled::add).build();
        WebhookResponse response = receiver.receive(HmacPresets.slack().signer("slack-signing-secret").request(body, NOW, ""));
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(handled.get(0).id()).isEqualTo("Ev08MFMKH6");
        assertThat(handled.get(0).created()).contains(Instant.ofEpochSecond(1234567890L));
        assertThat(handled.get(0).at("/event/text")).contains("hi");
    }

    @Test
    void paddleEnvelopeIsDecodedAndARotationIsAccepted() {
        byte[] body = utf8("{\"event_id\":\"evt_01h\",\"event_type\":\"transaction.completed\","
                + "\"occurred_at\":\"2024-04-12T10:18:49.621022Z\",\"notification_id\":\"ntf_01h\",\"data\":{\"id\":\"txn_01h\"}}");
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(HmacPresets.paddle().source(SecretResolver.of(List.of(WebhookSecret.of("pdl_new"),
                        WebhookSecret.of("pdl_old", NOW.plus(Duration.ofHours(1)))))))
                .clock(clock).on("transaction.*", handled::add).build();
        // Paddle signs with both secrets during the rotation.
        WebhookResponse response = receiver.receive(HmacPresets.paddle().signer("pdl_old", "pdl_new").request(body, NOW, ""));
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(handled.get(0).id()).isEqualTo("evt_01h");
        assertThat(handled.get(0).created()).contains(Instant.parse("2024-04-12T10:18:49.621022Z"));

        // After the old secret's end, a delivery signed only with it is refused.
        clock.advance(Duration.ofHours(2));
        WebhookResponse late = receiver.receive(HmacPresets.paddle().signer("pdl_old").request(utf8("{\"event_id\":\"evt_2\","
                + "\"event_type\":\"transaction.completed\",\"data\":{}}"), clock.instant(), ""));
        assertThat(late.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void perTenantSecretsAnswer404ForAnUnknownTenant() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(HmacPresets.standardWebhooks().source(SecretResolver.perTenant(TenantKey.queryParameter("merchant"),
                        m -> m.equals("m_1") ? List.of(WebhookSecret.of(secret)) : List.of())))
                .clock(clock).on("x", handled::add).build();
        byte[] body = utf8("{\"type\":\"x\",\"data\":{}}");
        Map<String, String> headers = HmacPresets.standardWebhooks().signer(secret).headers(body, NOW, "msg_t");
        WebhookRequest.Builder known = WebhookRequest.builder().body(body).queryParameter("merchant", "m_1");
        WebhookRequest.Builder unknown = WebhookRequest.builder().body(body).queryParameter("merchant", "m_2");
        headers.forEach(known::header);
        headers.forEach(unknown::header);
        assertThat(receiver.receive(known.build()).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(handled.get(0).tenant()).contains("m_1");
        WebhookResponse response = receiver.receive(unknown.build());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.reason()).contains(RejectionReason.UNKNOWN_TENANT);
    }

    private static WebhookRequest svix(Map<String, String> headers, byte[] body) {
        WebhookRequest.Builder builder = WebhookRequest.builder().body(body);
        headers.forEach((name, value) -> builder.header(name.replace("webhook-", "svix-"), value));
        return builder.build();
    }

    /** A merchant's view of Yoco's payload. */
    record Payment(String id, long amount, String currency) {
    }
}
