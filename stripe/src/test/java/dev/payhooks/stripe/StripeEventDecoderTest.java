package dev.payhooks.stripe;

import dev.payhooks.stripe.internal.StripeEventDecoder;
import dev.payhooks.Event;
import dev.payhooks.Mode;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.stripe.view.BalanceView;
import dev.payhooks.stripe.view.ChargeView;
import dev.payhooks.stripe.view.DisputeView;
import dev.payhooks.stripe.view.PaymentIntentView;
import dev.payhooks.stripe.view.RefundView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decoding of realistic Stripe payloads (shaped after docs.stripe.com/api object references and
 * events of the API versions named in each file) for the refund, payment intent, charge, dispute
 * and balance events merchants handle most, plus thin events.
 */
class StripeEventDecoderTest {

    private final StripeEventDecoder decoder = StripeEventDecoder.create();

    @Test
    void decodesRefundCreated() {
        Event event = decode(Fixtures.event("refund.created"));

        assertThat(event.provider()).isEqualTo("stripe");
        assertThat(event.id()).isEqualTo("evt_3QkV2bLkdIwHu7ix0u5cH1Qz");
        assertThat(event.type()).isEqualTo(StripeEventTypes.REFUND_CREATED);
        assertThat(event.created()).contains(Instant.ofEpochSecond(1737400800));
        assertThat(event.mode()).isEqualTo(Mode.TEST);
        assertThat(event.apiVersion()).contains("2024-06-20");
        assertThat(event.account()).isEmpty();
        assertThat(event.idempotencyKey()).isEqualTo(event.id());
        assertThat(event.dataPointer()).isEqualTo("/data/object");
        assertThat(event.attributes()).containsOnly(
                Map.entry(StripeAttributes.OBJECT, "event"),
                Map.entry(StripeAttributes.REQUEST_ID, "req_Fq9c3rTzQ1mW2x"),
                Map.entry(StripeAttributes.REQUEST_IDEMPOTENCY_KEY, "9f6c1c1e-6a55-4e0a-9a8f-2f5b6c0a1d3e"));
        assertThat(StripeEvents.isThin(event)).isFalse();
        assertThat(StripeEvents.relatedObject(event)).isEmpty();

        RefundView refund = event.data(RefundView.class);
        assertThat(refund).isEqualTo(new RefundView("re_3QkV2bLkdIwHu7ix0Yb3pXrS", 2500L, "usd", "pending",
                "requested_by_customer", "", "ch_3QkV2bLkdIwHu7ix0mTq3RaL", "pi_3QkV2bLkdIwHu7ix0cVn8XoP",
                "txn_3QkV2bLkdIwHu7ix0eBq1h2N", 1737400799L, Map.of("order_id", "ord_1042")));
        assertThat(refund.isFailed()).isFalse();
        assertThat(StripeEvents.previousAttributes(event, RefundView.class)).isEmpty();
    }

    @Test
    void decodesRefundUpdatedWithPreviousAttributes() {
        Event event = decode(Fixtures.event("refund.updated"));

        assertThat(event.type()).isEqualTo(StripeEventTypes.REFUND_UPDATED);
        assertThat(event.data(RefundView.class).status()).isEqualTo("succeeded");
        RefundView before = StripeEvents.previousAttributes(event, RefundView.class).orElseThrow();
        assertThat(before.status()).isEqualTo("pending");
        assertThat(before.amount()).isZero();
        assertThat(before.metadata()).isEmpty();
        // Members the previous attributes leave out read as empty, never null.
        assertThat(before.id()).isEmpty();
        assertThat(before.charge()).isEmpty();
        // request.id and idempotency_key are null: an automatic update, no attributes.
        assertThat(StripeEvents.requestId(event)).isEmpty();
        assertThat(StripeEvents.requestIdempotencyKey(event)).isEmpty();
    }

    @Test
    void decodesRefundFailedInLiveModeWithZeroDecimalCurrency() {
        Event event = decode(Fixtures.event("refund.failed"));

        assertThat(event.type()).isEqualTo(StripeEventTypes.REFUND_FAILED);
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
        RefundView refund = event.data(RefundView.class);
        assertThat(refund.isFailed()).isTrue();
        assertThat(refund.failureReason()).isEqualTo("expired_or_canceled_card");
        assertThat(refund.amount()).isEqualTo(129_900L);
        assertThat(refund.currency()).isEqualTo("jpy");
        assertThat(refund.metadata()).isEmpty();
        assertThat(StripeEvents.previousAttributes(event, RefundView.class).orElseThrow().status()).isEqualTo("pending");
    }

    @Test
    void decodesPaymentIntentSucceeded() {
        Event event = decode(Fixtures.event("payment_intent.succeeded"));

        assertThat(event.type()).isEqualTo(StripeEventTypes.PAYMENT_INTENT_SUCCEEDED);
        PaymentIntentView intent = event.data(PaymentIntentView.class);
        assertThat(intent.id()).isEqualTo("pi_3QkX1dLkdIwHu7ix2Gm9QwEr");
        assertThat(intent.amount()).isEqualTo(4999L);
        assertThat(intent.amountReceived()).isEqualTo(4999L);
        assertThat(intent.amountCapturable()).isZero();
        assertThat(intent.currency()).isEqualTo("eur");
        assertThat(intent.status()).isEqualTo("succeeded");
        assertThat(intent.customer()).isEqualTo("cus_RdT5uV6wX7yZ8a");
        assertThat(intent.latestCharge()).isEqualTo("ch_3QkX1dLkdIwHu7ix2sN1mKlJ");
        assertThat(intent.paymentMethod()).isEqualTo("pm_1QkX1cLkdIwHu7ixQwErTyUi");
        assertThat(intent.captureMethod()).isEqualTo("automatic_async");
        assertThat(intent.lastPaymentError()).isEqualTo(new PaymentIntentView.PaymentError("", "", "", ""));
        assertThat(intent.livemode()).isFalse();
        assertThat(intent.metadata()).containsEntry("checkoutId", "chk_77");
        assertThat(event.at("/data/object/metadata/checkoutId")).contains("chk_77");
    }

    @Test
    void decodesPaymentIntentWithLastPaymentError() {
        String json = "{\"id\":\"evt_pf\",\"object\":\"event\",\"type\":\"payment_intent.payment_failed\",\"created\":1737500000,"
                + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":1000,"
                + "\"currency\":\"usd\",\"status\":\"requires_payment_method\",\"last_payment_error\":{\"type\":\"card_error\","
                + "\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\",\"message\":\"Your card has insufficient funds.\","
                + "\"payment_method\":{\"id\":\"pm_1\"}}}}}";

        PaymentIntentView intent = decode(json.getBytes(StandardCharsets.UTF_8)).data(PaymentIntentView.class);

        assertThat(intent.lastPaymentError()).isEqualTo(new PaymentIntentView.PaymentError(
                "card_error", "card_declined", "insufficient_funds", "Your card has insufficient funds."));
    }

    @Test
    void decodesChargeDisputeCreatedForAConnectedAccount() {
        Event event = decode(Fixtures.event("charge.dispute.created"));

        assertThat(event.type()).isEqualTo(StripeEventTypes.CHARGE_DISPUTE_CREATED);
        assertThat(event.account()).contains("acct_1Pq2Rs3Tu4Vw5Xy6");
        assertThat(event.apiVersion()).contains("2022-11-15");
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
        DisputeView dispute = event.data(DisputeView.class);
        assertThat(dispute.id()).isEqualTo("dp_1QkY2eLkdIwHu7ixA1b2C3d4");
        assertThat(dispute.amount()).isEqualTo(15_000L);
        assertThat(dispute.currency()).isEqualTo("gbp");
        assertThat(dispute.charge()).isEqualTo("ch_1QkY0aLkdIwHu7ixE5f6G7h8");
        assertThat(dispute.reason()).isEqualTo("fraudulent");
        assertThat(dispute.status()).isEqualTo("warning_needs_response");
        assertThat(dispute.chargeRefundable()).isTrue();
        assertThat(dispute.evidenceDetails()).isEqualTo(new DisputeView.EvidenceDetails(1738454399L, false, false, 0));
    }

    @Test
    void decodesBalanceAvailable() {
        Event event = decode(Fixtures.event("balance.available"));

        assertThat(event.type()).isEqualTo(StripeEventTypes.BALANCE_AVAILABLE);
        BalanceView balance = event.data(BalanceView.class);
        assertThat(balance.available()).containsExactly(
                new BalanceView.Amount(866_734L, "usd", Map.of("card", 866_734L)),
                new BalanceView.Amount(-1_250L, "eur", Map.of("bank_account", 0L, "card", -1_250L)));
        assertThat(balance.pending()).containsExactly(new BalanceView.Amount(10_500L, "usd", Map.of("card", 10_500L)));
        assertThat(balance.connectReserved()).containsExactly(new BalanceView.Amount(0L, "usd", Map.of()));
        assertThat(balance.instantAvailable()).isEmpty();
        assertThat(balance.availableIn("usd")).isEqualTo(866_734L);
        assertThat(balance.availableIn("chf")).isZero();
    }

    @Test
    void decodesChargeSucceeded() {
        Event event = decode(Fixtures.event("charge.succeeded"));

        ChargeView charge = event.data(ChargeView.class);
        assertThat(charge.id()).isEqualTo("ch_3QkX1dLkdIwHu7ix2sN1mKlJ");
        assertThat(charge.amount()).isEqualTo(4999L);
        assertThat(charge.amountCaptured()).isEqualTo(4999L);
        assertThat(charge.amountRefunded()).isZero();
        assertThat(charge.paid()).isTrue();
        assertThat(charge.captured()).isTrue();
        assertThat(charge.refunded()).isFalse();
        assertThat(charge.disputed()).isFalse();
        assertThat(charge.paymentIntent()).isEqualTo("pi_3QkX1dLkdIwHu7ix2Gm9QwEr");
        assertThat(charge.balanceTransaction()).isEqualTo("txn_3QkX1dLkdIwHu7ix2Tt5Uu6V");
        assertThat(charge.failureCode()).isEmpty();
        assertThat(event.at("/data/object/billing_details/name")).contains("Zoë Müller");
    }

    @Test
    void keepsAmountsBeyondTheDoubleRangeExact() {
        String json = "{\"id\":\"evt_big\",\"object\":\"event\",\"type\":\"charge.succeeded\",\"data\":{\"object\":"
                + "{\"id\":\"ch_big\",\"amount\":9007199254740993,\"currency\":\"idr\"}}}";

        assertThat(decode(json.getBytes(StandardCharsets.UTF_8)).data(ChargeView.class).amount()).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void decodesThinEventWithRelatedObjectAndFetchHook() {
        Event event = decode(Fixtures.event("thin.v1.billing.meter.error_report_triggered"));

        assertThat(StripeEvents.isThin(event)).isTrue();
        assertThat(event.id()).isEqualTo("evt_test_65R9Ijk8jAJx5TI1IhS16R9IeRV4SQZsN5TTm8D7YgXI");
        assertThat(event.type()).isEqualTo("v1.billing.meter.error_report_triggered");
        assertThat(event.created()).contains(Instant.parse("2024-09-17T06:20:52.246Z"));
        assertThat(event.mode()).isEqualTo(Mode.TEST);
        assertThat(event.account()).contains("acct_1Nv0FGQ9RKHgCVdK");
        assertThat(event.apiVersion()).isEmpty();
        assertThat(event.dataPointer()).isEqualTo("/data");
        assertThat(StripeEvents.requestId(event)).contains("req_v2Dp0Ux3aQ9nQ");
        assertThat(StripeEvents.requestIdempotencyKey(event)).contains("meter-upload-2024-09-17");
        assertThat(event.attributes().keySet()).allMatch(name -> !name.startsWith("stripe.internal"));
        StripeRelatedObject related = StripeEvents.relatedObject(event).orElseThrow();
        assertThat(related).isEqualTo(new StripeRelatedObject("mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU", "billing.meter",
                "/v1/billing/meters/mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU", null));
        assertThat(related.urlIfPresent()).isPresent();
        assertThat(related.stripeContextIfPresent()).isEmpty();

        List<StripeRelatedObject> asked = new ArrayList<>();
        String fetched = StripeEvents.fetchRelatedObject(event, ref -> {
            asked.add(ref);
            return "meter " + ref.id();
        }).orElseThrow();
        assertThat(fetched).isEqualTo("meter mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU");
        assertThat(asked).containsExactly(related);
        // A thin event has no snapshot to bind.
        assertThatThrownBy(() -> event.data(RefundView.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_FIELD));
    }

    record MeterErrorData(String developer_message_summary) {
    }

    @Test
    void decodesThinEventShapesFromStripeDotnetTests() {
        // Shapes from stripe/stripe-dotnet src/StripeTests/Events/V2/EventTest.cs (there with
        // "object": "event"; thin notifications say "v2.core.event").
        String withData = "{\"id\":\"evt_234\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.error_report_triggered\","
                + "\"created\":\"2022-02-15T00:27:45.330Z\",\"context\":\"context 123\",\"livemode\":true,"
                + "\"related_object\":{\"id\":\"me_123\",\"type\":\"billing.meter\",\"url\":\"/v1/billing/meters/me_123\","
                + "\"stripe_context\":\"acct_123\"},\"data\":{\"developer_message_summary\":\"bar\",\"reason\":{\"error_count\":1}}}";
        String withoutRelated = "{\"id\":\"evt_234\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.no_meter_found\","
                + "\"created\":\"2022-02-15T00:27:45.330Z\",\"livemode\":false}";

        Event event = decode(withData.getBytes(StandardCharsets.UTF_8));
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
        assertThat(event.account()).contains("context 123");
        assertThat(event.created()).contains(Instant.parse("2022-02-15T00:27:45.330Z"));
        assertThat(event.data(MeterErrorData.class).developer_message_summary()).isEqualTo("bar");
        assertThat(StripeEvents.relatedObject(event).orElseThrow().stripeContext()).isEqualTo("acct_123");

        Event bare = decode(withoutRelated.getBytes(StandardCharsets.UTF_8));
        assertThat(bare.mode()).isEqualTo(Mode.TEST);
        assertThat(bare.account()).isEmpty();
        assertThat(StripeEvents.relatedObject(bare)).isEmpty();
        assertThat(StripeEvents.fetchRelatedObject(bare, ref -> {
            throw new AssertionError("not called without a related object");
        })).isEmpty();
    }

    @Test
    void decodesLegacyEventWhoseRequestIsAString() {
        // Before API version 2017-05-25 `request` was the request id itself.
        String json = "{\"id\":\"evt_legacy\",\"object\":\"event\",\"api_version\":\"2015-02-16\",\"created\":1430000000,"
                + "\"livemode\":true,\"pending_webhooks\":1,\"request\":\"req_legacy1\",\"type\":\"charge.succeeded\","
                + "\"data\":{\"object\":{\"id\":\"ch_legacy\",\"object\":\"charge\",\"amount\":500,\"currency\":\"usd\",\"paid\":true}}}";

        Event event = decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(StripeEvents.requestId(event)).contains("req_legacy1");
        assertThat(event.attributes().keySet()).allMatch(name -> !name.startsWith("stripe.internal"));
        assertThat(event.apiVersion()).contains("2015-02-16");
        assertThat(event.data(ChargeView.class).paid()).isTrue();
        assertThat(event.dataPointer()).isEqualTo("/data/object");
    }

    @Test
    void decodesStripeDotnetRealWebhookFixture() {
        // stripe/stripe-dotnet src/Stripe.Tests.XUnit/events/event.json: request null, previous_attributes.
        Event event = decode(Fixtures.resource("vectors/dotnet_xunit_event.json"));

        assertThat(event.type()).isEqualTo("invoiceitem.updated");
        assertThat(event.apiVersion()).contains("2017-04-06");
        assertThat(StripeEvents.requestId(event)).isEmpty();
        assertThat(event.at("/data/object/amount")).contains("1000");
        assertThat(event.jsonAt("/data/previous_attributes")).contains("{\"invoice\":null}");
    }

    @Test
    void neverFailsOnUnknownTypesFieldsOrFutureApiVersions() {
        String json = "{\"id\":\"evt_future\",\"object\":\"event\",\"api_version\":\"2031-01-01.zinnia\",\"created\":1900000000,"
                + "\"livemode\":false,\"type\":\"quantum.payment.entangled\",\"brand_new_field\":{\"nested\":[1,2,{\"x\":null}]},"
                + "\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\",\"amount\":1,\"currency\":\"usd\","
                + "\"status\":\"succeeded\",\"shiny\":true,\"metadata\":{}}}}";

        Event event = decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.type()).isEqualTo("quantum.payment.entangled");
        assertThat(event.apiVersion()).contains("2031-01-01.zinnia");
        assertThat(event.data(RefundView.class).amount()).isEqualTo(1L);
    }

    @Test
    void rejectsBodiesThatAreNotAUsableEvent() {
        assertDecoding("{\"object\":\"event\",\"type\":\"refund.failed\"}", RejectionReason.MISSING_EVENT_FIELD);
        assertDecoding("{\"id\":\"evt_1\",\"object\":\"event\"}", RejectionReason.MISSING_EVENT_FIELD);
        assertDecoding("not json", RejectionReason.MALFORMED_JSON);
        assertDecoding("[]", RejectionReason.MALFORMED_JSON);
        assertDecoding("{\"id\":\"evt_1\",\"type\":\"a\"} {}", RejectionReason.MALFORMED_JSON);
        assertDecoding("{\"id\":\"evt_1\",\"id\":\"evt_2\",\"type\":\"a\"}", RejectionReason.DUPLICATE_JSON_KEY);
        assertDecoding("{\"id\":\"evt_1\",\"type\":\"a\",\"data\":{\"object\":{\"id\":\"x\",\"id\":\"y\"}}}",
                RejectionReason.DUPLICATE_JSON_KEY);
    }

    @Test
    void reportsAViewThatDoesNotFitAsInvalidField() {
        String json = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"refund.failed\",\"data\":{\"object\":"
                + "{\"id\":\"re_1\",\"amount\":\"twelve\"}}}";
        Event event = decode(json.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> event.data(RefundView.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD))
                .message().doesNotContain("twelve");
    }

    @Test
    void carriesTheTenantThatVerified() {
        WebhookRequest request = WebhookRequest.builder().body(Fixtures.event("refund.failed")).build();

        assertThat(decoder.decode(request, Verification.forTenant("m_42/gp_7")).tenant()).contains("m_42/gp_7");
        Event thin = decoder.decode(WebhookRequest.builder().body(Fixtures.event("thin.v1.billing.meter.error_report_triggered"))
                .build(), Verification.forTenant("m_42/gp_7"));
        assertThat(thin.tenant()).contains("m_42/gp_7");
    }

    private void assertDecoding(String body, RejectionReason reason) {
        assertThatThrownBy(() -> decode(body.getBytes(StandardCharsets.UTF_8)))
                .as(body)
                .isInstanceOfSatisfying(WebhookDecodingException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void snapshotAndThinEventsNameTheObjectTheyAreAboutForOrdering() {
        Event refund = decode(Fixtures.event("refund.updated"));
        Event thin = decode(Fixtures.event("thin.v1.billing.meter.error_report_triggered"));
        Event balance = decode(Fixtures.event("balance.available"));

        assertThat(refund.orderingObject()).contains(new dev.payhooks.ObjectRef("refund", "re_3QkV2bLkdIwHu7ix0Yb3pXrS"));
        assertThat(refund.orderingSequence()).isEmpty();
        assertThat(thin.orderingObject()).contains(new dev.payhooks.ObjectRef("billing.meter",
                "mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU"));
        assertThat(balance.orderingObject()).as("a balance has no id").isEmpty();
    }

    @Test
    void theRefetcherAsksTheFetcherForTheObjectOfTheEvent() {
        Event refund = decode(Fixtures.event("refund.updated"));
        Event thin = decode(Fixtures.event("thin.v1.billing.meter.error_report_triggered"));
        List<StripeRelatedObject> asked = new ArrayList<>();
        dev.payhooks.ObjectRefetcher refetcher = StripeEvents.refetcher(ref -> {
            asked.add(ref);
            return "current";
        });

        assertThat(refetcher.fetch(refund, refund.orderingObject().orElseThrow())).isEqualTo("current");
        refetcher.fetch(thin, thin.orderingObject().orElseThrow());

        assertThat(asked.get(0)).isEqualTo(new StripeRelatedObject("re_3QkV2bLkdIwHu7ix0Yb3pXrS", "refund", null, null));
        assertThat(asked.get(1).urlIfPresent()).contains("/v1/billing/meters/mtr_test_61R9IeFv9Pz8t2fpr41IhS16R9IeFsiU");
    }

    private Event decode(byte[] body) {
        return decoder.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
    }
}
