package dev.payhooks.omise;

import dev.payhooks.omise.internal.OmiseSigner;
import dev.payhooks.Event;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.testkit.LogCapture;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_A;
import static dev.payhooks.omise.OmiseFixtures.CHARGE_COMPLETE_B;
import static dev.payhooks.omise.OmiseFixtures.SECRET_A;
import static dev.payhooks.omise.OmiseFixtures.SECRET_B;
import static dev.payhooks.omise.OmiseFixtures.SIGNED_AT;
import static dev.payhooks.omise.OmiseFixtures.TS;
import static dev.payhooks.omise.OmiseFixtures.body;
import static dev.payhooks.omise.OmiseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The Omise source inside core's real {@link WebhookReceiver}, with the clock moved by hand. */
class OmiseReceiverEndToEndTest {

    private final MutableClock clock = new MutableClock(SIGNED_AT.plusSeconds(2));
    private final List<ChargeView> paid = new CopyOnWriteArrayList<>();
    private final List<String> others = new CopyOnWriteArrayList<>();

    private WebhookReceiver receiver(WebhookSource source) {
        return WebhookReceiver.builder()
                .source(source)
                .clock(clock)
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .on(OmiseEventKeys.CHARGE_COMPLETE, event -> paid.add(ChargeView.of(event)))
                .on("transfer.*", event -> others.add(event.type() + " " + TransferView.of(event).failureCode().orElse("-")))
                .build();
    }

    @Test
    void handlesASignedChargeCompleteOnceAndAcknowledgesTheRedelivery() {
        WebhookReceiver receiver = receiver(OmiseWebhooks.source(SECRET_A));

        WebhookResponse first = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(paid).singleElement().satisfies(charge -> {
            assertThat(charge.id()).isEqualTo("chrg_test_5086xlsx4lghk9bpb75");
            assertThat(charge.amount()).isEqualTo(100_000L);
        });

        // Omise retries on later days with a fresh timestamp and signature: same event id, handled once.
        clock.advance(Duration.ofDays(1));
        OmiseSigner signer = OmiseSigner.of(SECRET_A);
        WebhookResponse retry = receiver.receive(signer.request(body("charge.complete"), clock.instant()));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(paid).hasSize(1);
    }

    @Test
    void routesPrefixesAndAcknowledgesUnknownKeys() {
        WebhookReceiver receiver = receiver(OmiseWebhooks.source(SECRET_A));
        assertThat(receiver.receive(request(body("transfer.fail"), Long.toString(TS), OmiseFixtures.TRANSFER_FAIL_A)).outcome())
                .isEqualTo(Outcome.HANDLED);
        assertThat(others).containsExactly("transfer.fail insufficient_balance");
        WebhookResponse unknown = receiver.receive(request(body("unknown.key"), Long.toString(TS), OmiseFixtures.UNKNOWN_KEY_A));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.outcome()).isEqualTo(Outcome.UNHANDLED);
    }

    @Test
    void answersRejectionsWithTheDefaultPolicyStatuses() {
        WebhookReceiver receiver = receiver(OmiseWebhooks.source(SECRET_A));
        WebhookResponse forged = receiver.receive(request(body("charge.complete"), Long.toString(TS), CHARGE_COMPLETE_B));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE);
        assertThat(forged.body()).doesNotContain("NO_MATCHING").doesNotContain("signature");

        WebhookResponse noHeader = receiver.receive(WebhookRequest.builder().body(body("charge.complete")).build());
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.reason()).contains(RejectionReason.MISSING_SIGNATURE_HEADER);

        clock.advance(Duration.ofMinutes(10));
        WebhookResponse late = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.reason()).contains(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(paid).isEmpty();
    }

    @Test
    void verifiesDuringRotationAndPerTenant() {
        WebhookSource source = OmiseWebhooks.builder()
                .secretResolver(SecretResolver.perTenant(TenantKey.pathSegment(2),
                        tenant -> tenant.equals("shop-1") ? List.of(WebhookSecret.of(SECRET_B), WebhookSecret.of(SECRET_A)) : List.of()))
                .build();
        WebhookReceiver receiver = receiver(source);
        WebhookRequest rotating = WebhookRequest.builder().body(body("charge.complete")).path("/webhooks/omise/shop-1")
                .header("Omise-Signature", CHARGE_COMPLETE_B + "," + CHARGE_COMPLETE_A)
                .header("Omise-Signature-Timestamp", Long.toString(TS)).build();
        WebhookResponse response = receiver.receive(rotating);
        assertThat(response.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(response.event().flatMap(Event::tenant)).contains("shop-1");

        WebhookRequest otherShop = WebhookRequest.builder().body(body("charge.complete")).path("/webhooks/omise/shop-2")
                .header("Omise-Signature", CHARGE_COMPLETE_A)
                .header("Omise-Signature-Timestamp", Long.toString(TS)).build();
        assertThat(receiver.receive(otherShop).status()).isEqualTo(404);
    }

    @Test
    void confirmsByFetchBackAndRejectsAMismatch() {
        AtomicReference<Optional<OmiseEventSnapshot>> omiseAnswer = new AtomicReference<>();
        List<String> asked = new ArrayList<>();
        OmiseEventLookup lookup = (eventId, tenant) -> {
            asked.add(eventId + tenant.map(t -> "@" + t).orElse(""));
            return omiseAnswer.get();
        };
        WebhookReceiver receiver = receiver(OmiseWebhooks.builder().secrets(SECRET_A).confirmWith(lookup).build());

        // Omise reports another key for this id: a replayed or forged body behind a leaked secret.
        omiseAnswer.set(Optional.of(new OmiseEventSnapshot("evnt_test_5086xm1r9pzz7e4i7ts", "charge.create", false,
                "chrg_test_5086xlsx4lghk9bpb75")));
        WebhookResponse mismatch = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(mismatch.status()).isEqualTo(401);
        assertThat(mismatch.reason()).contains(RejectionReason.EVENT_NOT_CONFIRMED);
        assertThat(mismatch.detail()).hasValueSatisfying(d -> assertThat(d).contains("[key]"));

        omiseAnswer.set(Optional.of(new OmiseEventSnapshot("evnt_test_5086xm1r9pzz7e4i7ts", "charge.complete", true,
                "chrg_test_5086xlsx4lghk9bpb75")));
        assertThat(receiver.receive(OmiseFixtures.signedChargeComplete()).detail())
                .hasValueSatisfying(d -> assertThat(d).contains("[livemode]"));

        omiseAnswer.set(Optional.of(new OmiseEventSnapshot("evnt_test_5086xm1r9pzz7e4i7ts", "charge.complete", false,
                "chrg_test_other")));
        assertThat(receiver.receive(OmiseFixtures.signedChargeComplete()).reason()).contains(RejectionReason.EVENT_NOT_CONFIRMED);

        omiseAnswer.set(Optional.empty());
        WebhookResponse unknown = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(unknown.reason()).contains(RejectionReason.EVENT_NOT_CONFIRMED);
        assertThat(paid).isEmpty();

        omiseAnswer.set(Optional.of(new OmiseEventSnapshot("evnt_test_5086xm1r9pzz7e4i7ts", "charge.complete", false,
                "chrg_test_5086xlsx4lghk9bpb75")));
        WebhookResponse confirmed = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(paid).hasSize(1);
        assertThat(asked).hasSize(5).allMatch(id -> id.equals("evnt_test_5086xm1r9pzz7e4i7ts"));
    }

    @Test
    void answers503WhenTheFetchBackFailsSoOmiseRetries() {
        OmiseEventLookup down = (eventId, tenant) -> {
            throw new IllegalStateException("connect timed out");
        };
        WebhookReceiver receiver = receiver(OmiseWebhooks.builder().secrets(SECRET_A).confirmWith(down).build());
        WebhookResponse response = receiver.receive(OmiseFixtures.signedChargeComplete());
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(paid).isEmpty();

        WebhookReceiver nullLookup = receiver(OmiseWebhooks.builder().secrets(SECRET_A).confirmWith((id, t) -> null).build());
        assertThat(nullLookup.receive(OmiseFixtures.signedChargeComplete()).status()).isEqualTo(503);
    }

    @Test
    void passesTheVerifiedTenantToTheLookup() {
        List<String> tenants = new ArrayList<>();
        WebhookSource source = OmiseWebhooks.builder()
                .secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("merchant"), t -> List.of(WebhookSecret.of(SECRET_A))))
                .confirmWith((id, tenant) -> {
                    tenants.add(tenant.orElse("none"));
                    return Optional.of(new OmiseEventSnapshot(id, "charge.complete", false, "chrg_test_5086xlsx4lghk9bpb75"));
                })
                .build();
        WebhookRequest request = WebhookRequest.builder().body(body("charge.complete")).queryParameter("merchant", "m_42")
                .header("Omise-Signature", CHARGE_COMPLETE_A).header("Omise-Signature-Timestamp", Long.toString(TS)).build();
        assertThat(receiver(source).receive(request).outcome()).isEqualTo(Outcome.HANDLED);
        assertThat(tenants).containsExactly("m_42");
    }

    @Test
    void logsNeitherSecretsNorSignaturesNorBodies() {
        OmiseEventLookup flaky = (eventId, tenant) -> {
            throw new IllegalStateException("Omise API unreachable");
        };
        List<WebhookResponse> responses = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            WebhookReceiver plain = receiver(OmiseWebhooks.source(SECRET_A));
            responses.add(plain.receive(OmiseFixtures.signedChargeComplete()));                                     // handled
            responses.add(plain.receive(OmiseFixtures.signedChargeComplete()));                                     // duplicate
            responses.add(plain.receive(request(body("charge.complete"), Long.toString(TS), CHARGE_COMPLETE_B)));   // forged
            responses.add(plain.receive(request(body("charge.complete"), "+" + TS, CHARGE_COMPLETE_A)));            // malformed ts
            responses.add(plain.receive(request(body("charge.complete"), Long.toString(TS), "zz" + CHARGE_COMPLETE_A))); // malformed sig
            byte[] fractionalAmount = ("{\"object\":\"event\",\"id\":\"evnt_x\",\"key\":\"charge.complete\",\"data\":"
                    + "{\"object\":\"charge\",\"id\":\"c\",\"amount\":1.5,\"currency\":\"thb\"}}").getBytes(StandardCharsets.UTF_8);
            responses.add(plain.receive(request(fractionalAmount, Long.toString(TS),
                    OmiseSigner.of(SECRET_A).signature(fractionalAmount, TS))));                                   // handler fails
            responses.add(receiver(OmiseWebhooks.builder().secrets(SECRET_A).confirmWith(flaky).build())
                    .receive(OmiseFixtures.signedChargeComplete()));                                                 // 503
            responses.add(receiver(OmiseWebhooks.builder().secretResolver(SecretResolver.perTenant(TenantKey.queryParameter("m"),
                    t -> List.of(WebhookSecret.of("not*base64")))).build())
                    .receive(WebhookRequest.builder().body(body("charge.complete")).queryParameter("m", "m1")
                            .header("Omise-Signature", CHARGE_COMPLETE_A).header("Omise-Signature-Timestamp", Long.toString(TS)).build())); // 503
            clock.advance(Duration.ofHours(1));
            responses.add(plain.receive(OmiseFixtures.signedChargeComplete()));                                     // stale

            String text = logs.text();
            assertThat(logs.lines()).isNotEmpty();
            assertThat(text)
                    .doesNotContain(SECRET_A).doesNotContain(SECRET_B).doesNotContain("not*base64")
                    .doesNotContain("6e2db4279f188aeb")            // secret A's key bytes in hex
                    .doesNotContain(CHARGE_COMPLETE_A).doesNotContain(CHARGE_COMPLETE_B)
                    .doesNotContain(CHARGE_COMPLETE_A.substring(0, 16))
                    .doesNotContain("Somchai Prasert").doesNotContain("mKleiBfwp").doesNotContain("\"amount\"")
                    .doesNotContain("{\"object\"");
        }
        assertThat(responses).extracting(WebhookResponse::status).containsExactly(200, 200, 401, 400, 400, 500, 503, 503, 401);
        for (WebhookResponse response : responses) {
            assertThat(response.toString() + response.body() + response.detail().orElse(""))
                    .doesNotContain(SECRET_A).doesNotContain(CHARGE_COMPLETE_A).doesNotContain("Somchai");
        }
    }
}
