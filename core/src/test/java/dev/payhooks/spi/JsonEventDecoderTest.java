package dev.payhooks.spi;

import dev.payhooks.Event;
import dev.payhooks.JsonLimits;
import dev.payhooks.Mode;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonEventDecoderTest {

    private static final JsonEventDecoder STRIPE_LIKE = JsonEventDecoder.builder("stripe")
            .id("/id").type("/type").created("/created").mode("/livemode").account("/account")
            .apiVersion("/api_version").data("/data/object")
            .attribute("request.id", "/request/id").attribute("request.idempotency_key", "/request/idempotency_key")
            .build();

    private static Event decode(JsonEventDecoder decoder, String json) {
        return decoder.decode(WebhookRequest.builder().body(json.getBytes(StandardCharsets.UTF_8)).build(), Verification.verified());
    }

    private static RejectionReason reasonOf(JsonEventDecoder decoder, String json) {
        try {
            decode(decoder, json);
        } catch (WebhookDecodingException e) {
            return e.reason();
        }
        return null;
    }

    @Test
    void readsTheOrderingObjectEvenWhenAnAttributeNamesTheSameMembers() {
        JsonEventDecoder decoder = JsonEventDecoder.builder("p").created("/created")
                .attribute("data.id", "/data/id").orderingObject("/data/object", "/data/id").orderingSequence("/data/v")
                .attribute("again", "/data/id").build();

        Event event = decode(decoder, "{\"id\":\"e1\",\"type\":\"t\",\"created\":5,\"data\":{\"object\":\"refund\",\"id\":\"re_1\",\"v\":7}}");
        Event noObject = decode(decoder, "{\"id\":\"e2\",\"type\":\"t\",\"data\":{\"object\":\"refund\",\"id\":7}}");
        Event ofType = decode(JsonEventDecoder.builder("p").orderingObjectOfType("payment", "/payload/id").build(),
                "{\"id\":\"e3\",\"type\":\"t\",\"payload\":{\"id\":\"p_1\"}}");

        assertThat(event.orderingObject()).contains(new dev.payhooks.ObjectRef("refund", "re_1"));
        assertThat(event.orderingSequence()).hasValue(7);
        assertThat(event.attribute("data.id")).contains("re_1");
        assertThat(event.attribute("again")).contains("re_1");
        assertThat(noObject.orderingObject()).as("a number is not an object id").isEmpty();
        assertThat(ofType.orderingObject()).contains(new dev.payhooks.ObjectRef("payment", "p_1"));
    }

    @Test
    void decodesTheEnvelopeAndSkipsEverythingElse() {
        Event event = decode(STRIPE_LIKE, """
                {"id":"evt_1","object":"event","api_version":"2024-06-20","created":1700000000,
                 "data":{"object":{"id":"re_1","object":"refund","amount":500,"nested":{"deep":[1,2,{"x":null}]}}},
                 "livemode":true,"pending_webhooks":1,"request":{"id":"req_9","idempotency_key":"ik_1"},
                 "type":"refund.failed","account":"acct_1","future_field":{"a":[true,false]}}""");

        assertThat(event.id()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo("refund.failed");
        assertThat(event.created()).contains(Instant.ofEpochSecond(1700000000));
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
        assertThat(event.account()).contains("acct_1");
        assertThat(event.apiVersion()).contains("2024-06-20");
        assertThat(event.attribute("request.id")).contains("req_9");
        assertThat(event.attribute("request.idempotency_key")).contains("ik_1");
        assertThat(event.idempotencyKey()).isEqualTo("evt_1");
        assertThat(event.at("/data/object/amount")).contains("500");
        assertThat(event.data(Refund.class)).isEqualTo(new Refund("re_1", 500));
        assertThat(event.jsonAt("/data/object/nested")).contains("{\"deep\":[1,2,{\"x\":null}]}");
    }

    record Refund(String id, long amount) {
    }

    @Test
    void optionalFieldsOfUnexpectedShapeAreLeftUnset() {
        Event event = decode(STRIPE_LIKE, """
                {"id":"evt_1","type":"x","created":"yesterday","livemode":"maybe","account":{"id":"acct_1"},"request":null}""");

        assertThat(event.created()).isEmpty();
        assertThat(event.mode()).isEqualTo(Mode.UNKNOWN);
        assertThat(event.account()).isEmpty();
        assertThat(event.attribute("request.id")).isEmpty();
    }

    @Test
    void isoCreatedAndStringModesAreUnderstood() {
        JsonEventDecoder decoder = JsonEventDecoder.builder("omise").type("/key").created("/created_at").mode("/mode").build();

        Event event = decode(decoder, "{\"id\":\"evnt_1\",\"key\":\"charge.complete\",\"created_at\":\"2024-01-02T03:04:05Z\",\"mode\":\"test\"}");

        assertThat(event.type()).isEqualTo("charge.complete");
        assertThat(event.created()).contains(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(event.mode()).isEqualTo(Mode.TEST);
    }

    @Test
    void idTypeAndIdempotencyKeyCanComeFromHeaders() {
        JsonEventDecoder decoder = JsonEventDecoder.builder("github").idFromHeader("X-GitHub-Delivery")
                .typeFromHeader("X-GitHub-Event").idempotencyKeyFromHeader("X-GitHub-Delivery").data("").build();
        WebhookRequest request = WebhookRequest.builder().body("{\"zen\":\"Keep it simple\"}".getBytes(StandardCharsets.UTF_8))
                .header("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958").header("X-GITHUB-EVENT", "ping").build();

        Event event = decoder.decode(request, Verification.forTenant("org_1"));

        assertThat(event.id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(event.type()).isEqualTo("ping");
        assertThat(event.tenant()).contains("org_1");
        assertThat(event.at("/zen")).contains("Keep it simple");
        assertThatThrownBy(() -> decoder.decode(WebhookRequest.builder().body("{}".getBytes(StandardCharsets.UTF_8)).build(), Verification.verified()))
                .isInstanceOfSatisfying(WebhookDecodingException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_FIELD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"evt\"", "42", "null", "{", "{\"id\":\"e\",\"type\":\"t\"", "{\"id\":\"e\",\"type\":\"t\"}x",
            "{\"id\":\"e\",\"type\":\"t\"}{}", "{\"id\":\"e\" \"type\":\"t\"}", "{'id':'e'}", "{\"id\":\"e\",\"type\":\"t\",}",
            "\uFEFF{\"id\":\"e\",\"type\":\"t\"}x"})
    void malformedBodiesAreMalformedJson(String body) {
        assertThat(reasonOf(STRIPE_LIKE, body)).isEqualTo(RejectionReason.MALFORMED_JSON);
    }

    @Test
    void duplicateKeysAnywhereAreRejected() {
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"a\",\"type\":\"b\"}")).isEqualTo(RejectionReason.DUPLICATE_JSON_KEY);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"a\",\"id\":\"evt_2\"}")).isEqualTo(RejectionReason.DUPLICATE_JSON_KEY);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"a\",\"data\":{\"object\":{\"amount\":1,\"amount\":2}}}"))
                .isEqualTo(RejectionReason.DUPLICATE_JSON_KEY);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"a\",\"skipped\":{\"x\":1,\"x\":2}}"))
                .as("duplicates inside skipped members too").isEqualTo(RejectionReason.DUPLICATE_JSON_KEY);
    }

    @Test
    void idAndTypeMustBeShortStrings() {
        assertThat(reasonOf(STRIPE_LIKE, "{\"type\":\"a\"}")).isEqualTo(RejectionReason.MISSING_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":null,\"type\":\"a\"}")).isEqualTo(RejectionReason.MISSING_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"e\"}")).isEqualTo(RejectionReason.MISSING_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":true,\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":{\"x\":1},\"type\":\"a\"}")).isEqualTo(RejectionReason.MISSING_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"\",\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"" + "e".repeat(255) + "\",\"type\":\"a\"}")).isNull();
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"" + "e".repeat(256) + "\",\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
    }

    @Test
    void idAndTypeHaveOneJsonTypeSoSevenAndQuotedSevenAreNeverOneEvent() {
        // Stripe, Omise and Standard Webhooks document string ids; a number is refused by default.
        assertThat(decode(STRIPE_LIKE, "{\"id\":\"7\",\"type\":\"a\"}").idempotencyKey()).isEqualTo("7");
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":7,\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":7.0,\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"e\",\"type\":7}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"e\",\"type\":false}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);

        // A provider documenting numeric ids: integers only, and then a string is the odd one out.
        JsonEventDecoder numeric = JsonEventDecoder.builder("numeric").numericId().build();
        assertThat(decode(numeric, "{\"id\":12345,\"type\":\"a\"}").id()).isEqualTo("12345");
        assertThat(reasonOf(numeric, "{\"id\":\"12345\",\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(numeric, "{\"id\":1.5,\"type\":\"a\"}")).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOf(numeric, "{\"id\":12345,\"type\":6}")).as("the type is a string regardless")
                .isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
    }

    @Test
    void refusesIdsTypesAndKeysWithAsciiControlCharacters() {
        for (String bad : List.of("\\n", "\\r", "\\u001b[31m", "\\u0000", "\\t", "\\u007f")) {
            assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1" + bad + "x\",\"type\":\"a\"}")).as("id with " + bad)
                    .isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
            assertThat(reasonOf(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"refund" + bad + "\"}")).as("type with " + bad)
                    .isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        }
        // The message says where, never what: the value is the thing that could forge a line.
        assertThatThrownBy(() -> decode(STRIPE_LIKE, "{\"id\":\"evt_1\\nFORGED\",\"type\":\"a\"}"))
                .isInstanceOf(WebhookDecodingException.class).hasMessageContaining("U+000A at index 5")
                .hasMessageNotContaining("FORGED");
        // From headers too (GitHub-style ids, Standard Webhooks' idempotency key).
        JsonEventDecoder headers = JsonEventDecoder.builder("h").idFromHeader("X-Id").typeFromHeader("X-Type")
                .idempotencyKeyFromHeader("X-Key").data("").build();
        WebhookRequest.Builder base = WebhookRequest.builder().body("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(reasonOfRequest(headers, WebhookRequest.builder().body(new byte[] {'{', '}'})
                .header("X-Id", "d\u001b[2J").header("X-Type", "push").header("X-Key", "k").build()))
                .isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(reasonOfRequest(headers, WebhookRequest.builder().body(new byte[] {'{', '}'})
                .header("X-Id", "d").header("X-Type", "push").header("X-Key", "k\r\nx").build()))
                .isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
        // Other characters stay allowed: non-ASCII, and bytes 80..FF of a header read as ISO-8859-1.
        Event latin1 = headers.decode(base.header("X-Id", "msg_caf\u00c3\u00a9").header("X-Type", "push")
                .header("X-Key", "k\u0082").build(), Verification.verified());
        assertThat(latin1.id()).isEqualTo("msg_caf\u00c3\u00a9");
        assertThat(latin1.idempotencyKey()).isEqualTo("k\u0082");
        assertThat(decode(STRIPE_LIKE, "{\"id\":\"evt_\u00e9\u4e2d\",\"type\":\"a\"}").id()).isEqualTo("evt_\u00e9\u4e2d");
    }

    private static RejectionReason reasonOfRequest(JsonEventDecoder decoder, WebhookRequest request) {
        try {
            decoder.decode(request, Verification.verified());
        } catch (WebhookDecodingException e) {
            return e.reason();
        }
        return null;
    }

    // Each limit at its boundary (accepted) and one past it (JSON_LIMIT_EXCEEDED), with small limits
    // so the documents stay small; the defaults are the same code path.

    private static JsonEventDecoder limited(JsonLimits limits) {
        return JsonEventDecoder.builder("test").limits(limits).build();
    }

    private static final JsonLimits BASE = new JsonLimits(64, 1 << 20, 1000, 64, 1000, 10_000);

    @Test
    void nestingDepthLimit() {
        JsonEventDecoder decoder = limited(new JsonLimits(8, 1 << 20, 1000, 64, 1000, 10_000));
        // The root object is depth 1; "n" adds 7 more arrays -> depth 8.
        String atLimit = "{\"id\":\"e\",\"type\":\"t\",\"n\":" + "[".repeat(7) + "]".repeat(7) + "}";
        String overLimit = "{\"id\":\"e\",\"type\":\"t\",\"n\":" + "[".repeat(8) + "]".repeat(8) + "}";
        assertThat(reasonOf(decoder, atLimit)).isNull();
        assertThat(reasonOf(decoder, overLimit)).isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    @Test
    void documentLengthLimit() {
        String doc = "{\"id\":\"e\",\"type\":\"t\",\"pad\":\"" + "p".repeat(100) + "\"}";
        assertThat(reasonOf(limited(new JsonLimits(64, doc.length(), 1000, 64, 1000, 10_000)), doc)).isNull();
        assertThat(reasonOf(limited(new JsonLimits(64, doc.length() - 1, 1000, 64, 1000, 10_000)), doc))
                .isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    @Test
    void stringLengthLimit() {
        JsonEventDecoder decoder = limited(new JsonLimits(64, 1 << 20, 100, 64, 1000, 10_000));
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"s\":\"" + "x".repeat(100) + "\"}")).isNull();
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"s\":\"" + "x".repeat(101) + "\"}"))
                .isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
        assertThat(reasonOf(decoder, "{\"id\":\"" + "x".repeat(101) + "\",\"type\":\"t\"}"))
                .as("in a captured value too").isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    @Test
    void numberLengthLimit() {
        JsonEventDecoder decoder = limited(new JsonLimits(64, 1 << 20, 1000, 20, 1000, 10_000));
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"n\":" + "9".repeat(20) + "}")).isNull();
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"n\":" + "9".repeat(21) + "}"))
                .isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    @Test
    void nameLengthLimit() {
        JsonEventDecoder decoder = limited(new JsonLimits(64, 1 << 20, 1000, 64, 50, 10_000));
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"" + "k".repeat(50) + "\":1}")).isNull();
        assertThat(reasonOf(decoder, "{\"id\":\"e\",\"type\":\"t\",\"" + "k".repeat(51) + "\":1}"))
                .isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    @Test
    void tokenCountLimit() {
        // {"id":"e","type":"t","a":[0,0,...]}: 1 START_OBJECT + 4 (id) + 4 (type)... counted by Jackson.
        String base = "{\"id\":\"e\",\"type\":\"t\",\"a\":[";
        int fixed = countTokens(base + "]}");
        JsonEventDecoder decoder = limited(new JsonLimits(64, 1 << 20, 1000, 64, 1000, fixed + 10));
        assertThat(reasonOf(decoder, base + "0,".repeat(9) + "0]}")).isNull();
        assertThat(reasonOf(decoder, base + "0,".repeat(10) + "0]}")).isEqualTo(RejectionReason.JSON_LIMIT_EXCEEDED);
    }

    private static int countTokens(String json) {
        // START_OBJECT, 3 names, 2 strings, START_ARRAY, END_ARRAY, END_OBJECT
        assertThat(json).isEqualTo("{\"id\":\"e\",\"type\":\"t\",\"a\":[]}");
        return 9;
    }

    @Test
    void defaultLimitsAcceptARealisticLargeEvent() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"li_").append(i).append("\",\"amount\":").append(i * 100).append('}');
        }
        Event event = decode(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"lines\":[" + items + "]}}}");
        assertThat(event.at("/data/object/lines/1999/amount")).contains("199900");
        assertThat(BASE.maxTokenCount()).isPositive();
    }

    @Test
    void bindingErrorsNameThePathNotTheValue() {
        Event event = decode(STRIPE_LIKE, "{\"id\":\"evt_1\",\"type\":\"x\",\"data\":{\"object\":{\"id\":\"re_1\",\"amount\":\"secret-looking-value\"}}}");

        assertThatThrownBy(() -> event.data(Refund.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD);
                    assertThat(e.getMessage()).contains("amount").doesNotContain("secret-looking-value");
                });
        assertThatThrownBy(() -> event.bind("/data/missing", Refund.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_FIELD));
    }

    @Test
    void parserErrorsNeverQuoteTheBody() {
        try {
            decode(STRIPE_LIKE, "{\"id\":\"e\",\"type\":\"t\",\"x\":tru_secret_card_4242}");
        } catch (WebhookDecodingException e) {
            assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("4242");
            assertThat(e.getCause()).isNull();
            return;
        }
        throw new AssertionError("expected a decoding failure");
    }

    @Test
    void builderRejectsUnusablePointers() {
        assertThatThrownBy(() -> JsonEventDecoder.builder("x").id("id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON pointer");
        assertThatThrownBy(() -> JsonEventDecoder.builder("x").type("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name a member");
        assertThatThrownBy(() -> JsonEventDecoder.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
