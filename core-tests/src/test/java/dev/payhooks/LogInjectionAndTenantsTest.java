package dev.payhooks;

import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values from a request in log lines, and tenants whose joined key could collide. An id, type or
 * detail that holds a line break or a terminal escape never starts a second log line: the JSON
 * decoder refuses ids and types with ASCII control characters, and every log line the receiver and
 * the inbox processor write escapes what came from the request, so a third-party decoder that
 * lets such an id through still cannot forge a line.
 */
class LogInjectionAndTenantsTest {

    private static final String SECRET = "test_secret_inject_3e9b";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long TS = NOW.getEpochSecond();
    /** A line break, a forged log line, and an ANSI escape that clears the screen and paints red. */
    private static final String HOSTILE_ID = "evt_1\nINFO  dev.payhooks forged: refund approved\u001b[2J\u001b[31m";
    private static final String HOSTILE_ID_ESCAPED = "evt_1\\nINFO  dev.payhooks forged: refund approved\\u001b[2J\\u001b[31m";

    private final MutableClock clock = new MutableClock(NOW);

    /** JSON text of the hostile id: the way a signed body carries it. */
    private static byte[] eventWithId(String jsonEscapedId, String type) {
        return ("{\"id\":\"" + jsonEscapedId + "\",\"type\":\"" + type + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertOneLineEach(List<String> lines) {
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u2028"));
    }

    @Test
    void aSignedEventWhoseIdHoldsALineBreakAndAnAnsiEscapeIsRefusedInOneEscapedLogLine() {
        List<WebhookResponse> seen = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .otherwise(event -> { throw new AssertionError("no handler may run"); })
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        seen.add(response);
                    }
                }).build();
        byte[] body = eventWithId("evt_1\\nINFO  dev.payhooks forged: refund approved\\u001b[2J", "refund.failed");

        WebhookResponse response;
        List<String> lines;
        try (LogCapture logs = LogCapture.open()) {
            response = receiver.receive(TestScheme.signed(SECRET, TS, body).build());
            lines = logs.lines();
        }

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).contains(RejectionReason.INVALID_EVENT_FIELD);
        assertThat(seen).containsExactly(response);
        assertOneLineEach(lines);
        assertThat(lines).singleElement().asString().contains("INVALID_EVENT_FIELD").contains("U+000A at index 5")
                .doesNotContain("forged");
    }

    @Test
    void everyLogLineEscapesAnIdThatAThirdPartyDecoderLetThrough() {
        // A decoder that does not use JsonEventDecoder and does not check ids.
        EventDecoder lenient = (request, verification) ->
                Event.builder(TestScheme.PROVIDER, HOSTILE_ID, "refund.failed\r\nx", request.body()).build();
        WebhookSource source = new WebhookSource(TestScheme.PROVIDER, TestScheme.source(SECRET).verifier(), lenient);
        byte[] body = TestScheme.event("evt_plain", "refund.failed");
        WebhookRequest delivery = TestScheme.signed(SECRET, TS, body).build();

        List<String> lines;
        List<Outcome> outcomes = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            WebhookReceiver unhandled = WebhookReceiver.builder().source(source).clock(clock).build();
            outcomes.add(unhandled.receive(delivery).outcome());
            WebhookReceiver filtered = WebhookReceiver.builder().source(source).clock(clock).filter(e -> false).build();
            outcomes.add(filtered.receive(delivery).outcome());
            WebhookReceiver handled = WebhookReceiver.builder().source(source).clock(clock)
                    .idempotencyStore(IdempotencyStore.inMemoryBuilder().clock(clock).build())
                    .otherwise(e -> { }).build();
            outcomes.add(handled.receive(delivery).outcome());
            outcomes.add(handled.receive(delivery).outcome());
            lines = logs.lines();
        }

        assertThat(outcomes).containsExactly(Outcome.UNHANDLED, Outcome.FILTERED, Outcome.HANDLED, Outcome.DUPLICATE);
        assertOneLineEach(lines);
        assertThat(lines).filteredOn(line -> line.contains("evt_1")).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains(HOSTILE_ID_ESCAPED));
        assertThat(lines).filteredOn(line -> line.contains("no handler") || line.contains("filtered out"))
                .allSatisfy(line -> assertThat(line).contains("refund.failed\\r\\nx"));
    }

    @Test
    void theInboxProcessorEscapesTheIdAndTypeOfARowToo() {
        EventDecoder lenient = (request, verification) ->
                Event.builder(TestScheme.PROVIDER, HOSTILE_ID, "refund.failed", request.body()).build();
        WebhookSource source = new WebhookSource(TestScheme.PROVIDER, TestScheme.source(SECRET).verifier(), lenient);
        Inbox inbox = Inbox.inMemory(clock);
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = WebhookReceiver.builder().source(source).clock(clock).inbox(inbox)
                .on("refund.failed", e -> handled.add(e.id())).build();

        List<String> lines;
        try (LogCapture logs = LogCapture.open()) {
            assertThat(receiver.receive(TestScheme.signed(SECRET, TS, TestScheme.event("evt_plain", "refund.failed")).build())
                    .outcome()).isEqualTo(Outcome.QUEUED);
            InboxProcessor processor = InboxProcessor.builder(receiver, inbox).clock(clock).build();
            assertThat(processor.runOnce()).isEqualTo(1);
            lines = logs.lines();
        }

        assertThat(handled).containsExactly(HOSTILE_ID);
        assertOneLineEach(lines);
        assertThat(lines).filteredOn(line -> line.contains("payhooks inbox")).singleElement().asString()
                .contains(HOSTILE_ID_ESCAPED);
    }

    @Test
    void aDetailFromAnAdapterIsEscapedToo() {
        WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock).build();
        List<String> lines;
        try (LogCapture logs = LogCapture.open()) {
            receiver.rejectBeforeReceiving(RejectionReason.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type is 'text/plain\r\nWARN forged\u0085\u2028'");
            lines = logs.lines();
        }
        assertOneLineEach(lines);
        assertThat(lines).singleElement().asString().contains("'text/plain\\r\\nWARN forged\\u0085\\u2028'");
    }

    // ---------------------------------------------------------------- tenants

    /**
     * Merchant {@code a/b} with profile {@code c}, and merchant {@code a} with profile {@code b/c}:
     * joined naively with {@code /} both were {@code a/b/c}. Now they are two tenants, with their
     * own secrets and their own deduplication scope.
     */
    @Test
    void tenantsWhoseIdsWouldJoinToTheSameTextStayApart() {
        TenantKey key = TenantKey.queryParameters("merchant", "profile");
        Map<String, List<WebhookSecret>> table = Map.of(
                TenantKey.joined("a/b", "c"), List.of(WebhookSecret.of("secret_of_ab_c")),
                TenantKey.joined("a", "b/c"), List.of(WebhookSecret.of("secret_of_a_bc")));
        assertThat(table).containsOnlyKeys("a%2Fb/c", "a/b%2Fc");
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(TestScheme.source(SecretResolver.perTenant(key, tenant -> table.getOrDefault(tenant, List.of()))))
                .clock(clock).idempotencyStore(IdempotencyStore.inMemoryBuilder().clock(clock).build())
                .otherwise(e -> handled.add(e.tenant().orElseThrow() + " " + e.id())).build();
        byte[] body = TestScheme.event("evt_same", "refund.failed");

        WebhookResponse first = receiver.receive(TestScheme.signed("secret_of_ab_c", TS, body)
                .queryParameter("merchant", "a/b").queryParameter("profile", "c").build());
        WebhookResponse second = receiver.receive(TestScheme.signed("secret_of_a_bc", TS, body)
                .queryParameter("merchant", "a").queryParameter("profile", "b/c").build());
        WebhookResponse crossSigned = receiver.receive(TestScheme.signed("secret_of_ab_c", TS, body)
                .queryParameter("merchant", "a").queryParameter("profile", "b/c").build());
        WebhookResponse redelivered = receiver.receive(TestScheme.signed("secret_of_ab_c", TS, body)
                .queryParameter("merchant", "a/b").queryParameter("profile", "c").build());

        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(second.outcome()).as("the same event id for the other tenant is not a duplicate").isEqualTo(Outcome.HANDLED);
        assertThat(crossSigned.reason()).as("one tenant's secret does not open the other")
                .contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(redelivered.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).containsExactly("a%2Fb/c evt_same", "a/b%2Fc evt_same");
    }

    @Test
    void theJoinedTenantIsReversibleAndPlainIdsAreUnchanged() {
        TenantKey key = TenantKey.queryParameters("merchant", "profile");
        String[][] pairs = {{"m_42", "gp_7"}, {"a/b", "c"}, {"a", "b/c"}, {"a%2Fb", "c"}, {"a%", "2Fb/c"}, {"%", "/"},
            {"/", "%"}, {"a%25", "b"}, {"a", "%25b"}};
        List<String> tenants = new ArrayList<>();
        for (String[] pair : pairs) {
            WebhookRequest request = WebhookRequest.builder().queryParameter("merchant", pair[0])
                    .queryParameter("profile", pair[1]).build();
            String tenant = key.tenantOf(request).orElseThrow();
            assertThat(tenant).isEqualTo(TenantKey.joined(pair[0], pair[1]));
            String[] parts = tenant.split("/", -1);
            assertThat(parts).hasSize(2);
            assertThat(java.net.URLDecoder.decode(parts[0].replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(pair[0]);
            assertThat(java.net.URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(pair[1]);
            tenants.add(tenant);
        }
        assertThat(tenants).doesNotHaveDuplicates().first().isEqualTo("m_42/gp_7");
        assertThat(TenantKey.joined("a/b")).as("one value is the tenant itself").isEqualTo("a/b");
        assertThat(TenantKey.queryParameter("merchant").tenantOf(WebhookRequest.builder().queryParameter("merchant", "a/b").build()))
                .contains("a/b");
    }
}
