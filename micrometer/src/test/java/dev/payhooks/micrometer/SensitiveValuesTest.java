package dev.payhooks.micrometer;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.payhooks.micrometer.WebhookObservationTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a sender chose reaches a meter or an observation unless its signature verified, and no
 * secret, signature or body ever does. The attack rows follow the security table (SECURITY.md and
 * the examples' SecurityTableTest), on core's test scheme: every attacker-chosen value carries the
 * marker {@code ATTACKER}, so "the marker appears nowhere" covers types, ids, tenants, headers and
 * bodies at once. Everything payhooks handed to Micrometer is searched: meter names, tag keys and
 * values, observation names, contextual names, low- and high-cardinality key values, and error
 * messages.
 */
class SensitiveValuesTest {

    private static final long T = NOW.getEpochSecond();
    private static final String SECRET = "whsec_sensitive_6b1f93";
    private static final String ATTACKER_SECRET = "whsec_attacker_0c2e77";
    private static final String M1_SECRET = "whsec_merchant_one_11";
    private static final String M2_SECRET = "whsec_merchant_two_22";
    private static final List<String> SECRETS = List.of(SECRET, ATTACKER_SECRET, M1_SECRET, M2_SECRET);
    /** In every body: a stand-in for personal data. */
    private static final String PII = "PII-Jane-Roe-card-4242";

    private static byte[] body(String id, String type) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created\":1700000000,\"livemode\":false,"
                + "\"data\":{\"customer\":\"" + PII + "\",\"amount\":1250}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] attackBody() {
        return body("evt_ATTACKER_1", "ATTACKER.chosen.type");
    }

    private static String signature(WebhookRequest signed) {
        return signed.header("X-Test-Signature").orElseThrow();
    }

    /** One attack: the request, which receiver it goes to, and the reason it must be refused with. */
    record Attack(String name, boolean perTenant, Function<Lab, WebhookResponse> send, RejectionReason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        List<Attack> rows = new ArrayList<>();
        rows.add(new Attack("no signature header", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Timestamp", "" + T).build()), RejectionReason.MISSING_SIGNATURE_HEADER));
        rows.add(new Attack("no timestamp", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Signature", signature(TestScheme.signed(SECRET, T, attackBody()).build())).build()),
                RejectionReason.MISSING_TIMESTAMP));
        rows.add(new Attack("signature that is not hex", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Timestamp", "" + T).header("X-Test-Signature", "ATTACKER-not-hex").build()),
                RejectionReason.NO_MATCHING_SIGNATURE));
        rows.add(new Attack("signed with the attacker's own secret", false,
                lab -> lab.send(TestScheme.signed(ATTACKER_SECRET, T, attackBody()).build()), RejectionReason.NO_MATCHING_SIGNATURE));
        rows.add(new Attack("valid signature of another body", false, lab -> {
            WebhookRequest genuine = TestScheme.signed(SECRET, T, body("evt_real", "refund.failed")).build();
            return lab.send(WebhookRequest.builder().body(attackBody()).header("X-Test-Timestamp", "" + T)
                    .header("X-Test-Signature", signature(genuine)).build());
        }, RejectionReason.NO_MATCHING_SIGNATURE));
        rows.add(new Attack("replay after the tolerance", false,
                lab -> lab.send(TestScheme.signed(SECRET, T - 301, attackBody()).build()), RejectionReason.TIMESTAMP_TOO_OLD));
        rows.add(new Attack("timestamp from the future", false,
                lab -> lab.send(TestScheme.signed(SECRET, T + 301, attackBody()).build()), RejectionReason.TIMESTAMP_IN_FUTURE));
        rows.add(new Attack("timestamp with a sign and padding", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Timestamp", "+0" + T).header("X-Test-Signature", "ab12cd34ef56").build()), RejectionReason.MALFORMED_TIMESTAMP));
        rows.add(new Attack("timestamp of non-ASCII digits", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Timestamp", "\u0661\u0667\u0660\u0660").header("X-Test-Signature", "ab12cd34ef56").build()),
                RejectionReason.MALFORMED_TIMESTAMP));
        rows.add(new Attack("timestamp header repeated", false, lab -> lab.send(TestScheme.signed(SECRET, T, attackBody())
                .header("X-Test-Timestamp", "ATTACKER").build()), RejectionReason.MALFORMED_TIMESTAMP));
        rows.add(new Attack("seventeen signature entries", false, lab -> lab.send(WebhookRequest.builder().body(attackBody())
                .header("X-Test-Timestamp", "" + T).header("X-Test-Signature", String.join(",", java.util.Collections.nCopies(17, "ab")))
                .build()), RejectionReason.SIGNATURE_HEADER_TOO_LARGE));
        rows.add(new Attack("validly signed body over the limit", false, lab -> lab.send(TestScheme.signed(SECRET, T,
                body("evt_ATTACKER_big", "ATTACKER.big." + "x".repeat(5000))).build()), RejectionReason.BODY_TOO_LARGE));
        rows.add(new Attack("tenant the receiver does not know", true, lab -> lab.send(TestScheme.signed(M1_SECRET, T, attackBody())
                .queryParameter("merchant", "m_ATTACKER").build()), RejectionReason.UNKNOWN_TENANT));
        rows.add(new Attack("another tenant's secret", true, lab -> lab.send(TestScheme.signed(M1_SECRET, T, attackBody())
                .queryParameter("merchant", "m_2").build()), RejectionReason.NO_MATCHING_SIGNATURE));
        rows.add(new Attack("refused by the adapter, detail naming what was sent", false,
                lab -> lab.single.rejectBeforeReceiving(RejectionReason.UNSUPPORTED_MEDIA_TYPE, "content type ATTACKER/type"),
                RejectionReason.UNSUPPORTED_MEDIA_TYPE));
        // Signed by the real secret, but not a well-formed event: nothing in them was decoded, so nothing is trusted.
        rows.add(new Attack("signed body that is not complete JSON", false, lab -> lab.send(TestScheme.signed(SECRET, T,
                "{\"id\":\"evt_ATTACKER\",\"type\":\"ATTACKER.t\"".getBytes(StandardCharsets.UTF_8)).build()),
                RejectionReason.MALFORMED_JSON));
        rows.add(new Attack("signed body repeating the type key", false, lab -> lab.send(TestScheme.signed(SECRET, T,
                "{\"id\":\"evt_1\",\"type\":\"refund.failed\",\"type\":\"ATTACKER.second\"}".getBytes(StandardCharsets.UTF_8))
                .build()), RejectionReason.DUPLICATE_JSON_KEY));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aRefusedDeliveryLeavesNoAttackerChosenValueSecretOrSignatureInAnyMeterOrObservation(Attack attack) {
        Lab lab = new Lab();

        WebhookResponse response = attack.send().apply(lab);

        assertThat(response.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(response.reason()).contains(attack.reason());
        assertThat(lab.handled).as("no handler ran").isZero();
        lab.assertNothingSensitiveRecorded();
        assertThat(lab.recording.stopped(DefaultWebhookObservationConvention.NAME)).singleElement().satisfies(context -> {
            assertThat(context.getHighCardinalityKeyValues()).isEmpty();
            assertThat(context.getLowCardinalityKeyValue("event.type").getValue()).isEqualTo("none");
            assertThat(context.getLowCardinalityKeyValue("reason").getValue()).isEqualTo(attack.reason().name());
        });
    }

    @Test
    void verifiedDeliveriesRecordTheirTypeAndIdButNoSecretSignatureOrBody() {
        Lab lab = new Lab();
        byte[] handled = body("evt_ok_1", "refund.failed");
        byte[] failing = body("evt_fail_1", "refund.failed");
        byte[] filtered = body("evt_filtered_1", "charge.updated");

        assertThat(lab.send(TestScheme.signed(SECRET, T, handled).build()).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(lab.send(TestScheme.signed(SECRET, T, failing).build()).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(lab.send(TestScheme.signed(SECRET, T, filtered).build()).outcome()).isEqualTo(Outcome.FILTERED);
        assertThat(lab.send(TestScheme.signed(M2_SECRET, T, handled).queryParameter("merchant", "m_2").build(), true).outcome())
                .isEqualTo(Outcome.HANDLED);

        lab.sensitive.add(new String(handled, StandardCharsets.UTF_8));
        lab.assertNothingSensitiveRecorded();
        assertThat(lab.recording.tagValues("event.type")).contains("refund.failed", "charge.updated");
        assertThat(lab.recording.everythingRecorded()).contains("evt_ok_1", "m_2");
    }

    @Test
    void aVerifierBugEchoingTheSendersHeaderLeavesOnlyTheExceptionClass() {
        Lab lab = new Lab();
        WebhookSource echoing = new WebhookSource("test", (request, now) -> {
            // A verifier that lets a parse exception escape, as payhooks' own verifiers must never do.
            throw new NumberFormatException("For input string: \"" + request.header("X-Test-Timestamp").orElse("") + "\"");
        }, TestScheme.decoder());
        WebhookReceiver receiver = WebhookReceiver.builder().source(echoing).clock(lab.clock)
                .listener(lab.observability.webhookListener()).otherwise(event -> lab.handled++).build();

        WebhookResponse response = receiver.receive(TestScheme.signed(SECRET, T, attackBody())
                .header("X-Test-Timestamp", "ATTACKER-echo").build());

        assertThat(response.outcome()).isEqualTo(Outcome.FAILED);
        lab.assertNothingSensitiveRecorded();
        assertThat(lab.recording.meters.get("payhooks.webhook.verify").tag("error", "NumberFormatException").timer().count())
                .isEqualTo(1);
        assertThat(lab.recording.stopped(DefaultWebhookObservationConvention.NAME)).singleElement()
                .satisfies(context -> assertThat(context.getError()).as("no error from before verification").isNull());
    }

    /** One row's world: a single-secret receiver, a per-tenant one, and what they recorded. */
    static final class Lab {
        final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        final Recording recording = new Recording();
        final PayhooksObservability observability = PayhooksObservability.of(recording.observations, recording.meters);
        final Set<String> sensitive = new LinkedHashSet<>(SECRETS);
        int handled;
        final WebhookReceiver single = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
                .maxBodyBytes(4096).idempotencyStore(IdempotencyStore.inMemoryBuilder().clock(clock).build())
                .listener(observability.webhookListener())
                .filter(event -> !event.type().equals("charge.updated"))
                .on("refund.failed", event -> {
                    if (event.id().startsWith("evt_fail")) {
                        throw new IllegalStateException("payment service unavailable");
                    }
                    handled++;
                }).otherwise(event -> handled++).build();
        final WebhookReceiver perTenant = WebhookReceiver.builder()
                .source(TestScheme.source(SecretResolver.perTenant(TenantKey.queryParameter("merchant"), merchant -> switch (merchant) {
                    case "m_1" -> List.of(WebhookSecret.of(M1_SECRET));
                    case "m_2" -> List.of(WebhookSecret.of(M2_SECRET));
                    default -> List.of();
                }))).clock(clock).listener(observability.webhookListener("tenants")).otherwise(event -> handled++).build();

        Lab() {
            sensitive.add(PII);
            sensitive.add("ATTACKER");
        }

        WebhookResponse send(WebhookRequest request) {
            return send(request, request.queryParameter("merchant").isPresent());
        }

        WebhookResponse send(WebhookRequest request, boolean toPerTenant) {
            request.headers("X-Test-Signature").forEach(sensitive::add);
            return (toPerTenant ? perTenant : single).receive(request);
        }

        void assertNothingSensitiveRecorded() {
            List<String> recorded = recording.everythingRecorded();
            assertThat(recorded).as("the test looks at something").isNotEmpty();
            for (String value : recorded) {
                for (String secret : sensitive) {
                    assertThat(value.toUpperCase(Locale.ROOT)).as("recorded value %s", value)
                            .doesNotContain(secret.toUpperCase(Locale.ROOT));
                }
            }
        }
    }
}
