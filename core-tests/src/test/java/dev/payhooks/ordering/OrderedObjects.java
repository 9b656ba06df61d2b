package dev.payhooks.ordering;

import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.TestScheme;

import java.nio.charset.StandardCharsets;

/** The test scheme with an ordering object ({@code data.object} + {@code data.id}) and an optional sequence. */
final class OrderedObjects {

    static final String SECRET = "ordering_secret_51c";
    static final long TS = 1_700_000_000L;

    private OrderedObjects() {
    }

    static WebhookSource source() {
        JsonEventDecoder decoder = JsonEventDecoder.builder(TestScheme.PROVIDER).id("/id").type("/type").created("/created")
                .mode("/livemode").data("/data").orderingObject("/data/object", "/data/id").orderingSequence("/data/seq")
                .build();
        return new WebhookSource(TestScheme.PROVIDER, TestScheme.verifier(SecretResolver.of(SECRET)), decoder);
    }

    /** An event about refund {@code objectId}, created at {@code created} (Unix seconds), with a status. */
    static WebhookRequest delivery(String id, String type, String objectId, long created, String status) {
        return signed("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created\":" + created + ",\"livemode\":false,"
                + "\"data\":{\"object\":\"refund\",\"id\":\"" + objectId + "\",\"status\":\"" + status + "\"}}");
    }

    static WebhookRequest deliveryWithSequence(String id, String objectId, long created, long seq) {
        return signed("{\"id\":\"" + id + "\",\"type\":\"refund.updated\",\"created\":" + created + ",\"livemode\":false,"
                + "\"data\":{\"object\":\"refund\",\"id\":\"" + objectId + "\",\"status\":\"s" + seq + "\",\"seq\":" + seq + "}}");
    }

    static WebhookRequest withoutObject(String id) {
        return signed("{\"id\":\"" + id + "\",\"type\":\"balance.available\",\"created\":" + TS + ",\"data\":{}}");
    }

    static WebhookRequest signed(String json) {
        return TestScheme.signed(SECRET, TS, json.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** The view handlers bind. */
    record RefundState(String id, String status) {
    }
}
