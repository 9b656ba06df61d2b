package dev.payhooks.omise;

import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.Mode;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static dev.payhooks.omise.OmiseFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding real Omise event bodies (sources: src/test/resources/omise/SOURCES.md). */
class OmiseDecodingTest {

    private final EventDecoder decoder = OmiseWebhooks.source(OmiseFixtures.SECRET_A).decoder();

    @Test
    void decodesChargeComplete() {
        Event event = decode("charge.complete");
        assertThat(event.provider()).isEqualTo("omise");
        assertThat(event.id()).isEqualTo("evnt_test_5086xm1r9pzz7e4i7ts");
        assertThat(event.type()).isEqualTo(OmiseEventKeys.CHARGE_COMPLETE);
        assertThat(event.created()).contains(Instant.parse("2015-06-02T05:41:50Z"));
        assertThat(event.mode()).isEqualTo(Mode.TEST);
        assertThat(event.idempotencyKey()).isEqualTo(event.id());
        assertThat(event.attribute(OmiseWebhooks.ATTRIBUTE_DATA_OBJECT)).contains("charge");
        assertThat(event.attribute(OmiseWebhooks.ATTRIBUTE_DATA_ID)).contains("chrg_test_5086xlsx4lghk9bpb75");

        ChargeView charge = ChargeView.of(event);
        assertThat(charge.id()).isEqualTo("chrg_test_5086xlsx4lghk9bpb75");
        assertThat(charge.livemode()).isFalse();
        assertThat(charge.amount()).isEqualTo(100_000L);
        assertThat(charge.currency()).isEqualTo("thb");
        assertThat(charge.paid()).isTrue();
        assertThat(charge.authorized()).isTrue();
        assertThat(charge.refundedAmount()).isZero();
        assertThat(charge.status()).isEmpty();
        assertThat(charge.failureCode()).isEmpty();
        assertThat(charge.failureMessage()).isEmpty();
        assertThat(charge.description()).isEmpty();
        assertThat(charge.transaction()).contains("trxn_test_5086xltqqbv4qpmu0ri");
        assertThat(charge.customer()).contains("cust_test_5086xleuh9ft4bn0ac2");
        assertThat(charge.createdAt()).contains(Instant.parse("2015-06-02T05:41:49Z"));
        assertThat(event.at("/data/card/last_digits")).contains("4242");
        assertThat(event.orderingObject()).contains(new dev.payhooks.ObjectRef("charge", "chrg_test_5086xlsx4lghk9bpb75"));
    }

    @Test
    void decodesChargeCreateFromAnAccountOnAnOldApiVersion() {
        // omise-java's events-get.json predates API version 2019-05-29: "created", "refunded".
        Event event = decode("charge.create");
        assertThat(event.id()).isEqualTo("evnt_test_5232t6t67lrd31th8od");
        assertThat(event.type()).isEqualTo(OmiseEventKeys.CHARGE_CREATE);
        assertThat(event.created()).contains(Instant.parse("2015-11-20T05:48:45Z"));
        assertThat(event.mode()).isEqualTo(Mode.TEST);

        ChargeView charge = ChargeView.of(event);
        assertThat(charge.amount()).isEqualTo(409_669L);
        assertThat(charge.status()).contains("pending");
        assertThat(charge.paid()).isFalse();
        assertThat(charge.transaction()).isEmpty();
        assertThat(charge.customer()).isEmpty();
        assertThat(charge.refundedAmount()).isZero();
        assertThat(charge.createdAt()).contains(Instant.parse("2015-11-20T05:48:45Z"));
    }

    @Test
    void decodesRefundCreate() {
        Event event = decode("refund.create");
        assertThat(event.type()).isEqualTo(OmiseEventKeys.REFUND_CREATE);
        assertThat(event.created()).contains(Instant.parse("2015-01-16T07:23:45Z"));
        RefundView refund = RefundView.of(event);
        assertThat(refund.id()).isEqualTo("rfnd_test_4yqmv79ahghsiz23y3c");
        assertThat(refund.amount()).isEqualTo(10_000L);
        assertThat(refund.currency()).isEqualTo("thb");
        assertThat(refund.charge()).isEqualTo("chrg_test_4yq7duw15p9hdrjp8oq");
        assertThat(refund.voided()).isFalse();
        assertThat(refund.status()).isEmpty();
        assertThat(refund.transaction()).contains("trxn_test_4yqmv79fzpy0gmz5mmq");
        assertThat(refund.createdAt()).contains(Instant.parse("2015-01-16T07:23:45Z"));
        assertThat(event.at("/data/metadata/invoice_id")).contains("inv_N1ayTWJ2FV");
    }

    @Test
    void decodesTransferFail() {
        Event event = decode("transfer.fail");
        assertThat(event.type()).isEqualTo(OmiseEventKeys.TRANSFER_FAIL);
        TransferView transfer = TransferView.of(event);
        assertThat(transfer.id()).isEqualTo("trsf_test_5086uxn23hfaxv8nl0f");
        assertThat(transfer.amount()).isEqualTo(100_000L);
        assertThat(transfer.currency()).isEqualTo("thb");
        assertThat(transfer.recipient()).contains("recp_test_506zyyammqke9tmhgh2");
        assertThat(transfer.sent()).isFalse();
        assertThat(transfer.paid()).isFalse();
        assertThat(transfer.failureCode()).contains("insufficient_balance");
        assertThat(transfer.failureMessage()).contains("insufficient balance");
        assertThat(transfer.createdAt()).contains(Instant.parse("2015-06-02T05:34:13Z"));
    }

    @Test
    void decodesDisputeCreate() {
        DisputeView dispute = DisputeView.of(decode("dispute.create"));
        assertThat(dispute.id()).isEqualTo("dspt_test_4zgf15h89w8t775kcm8");
        assertThat(dispute.amount()).isEqualTo(100_000L);
        assertThat(dispute.status()).isEqualTo("pending");
        assertThat(dispute.charge()).isEqualTo("chrg_test_4zgcsiv4s6ewsy8nrw3");
        assertThat(dispute.message()).contains("This is an unauthorized transaction");
        assertThat(dispute.reasonCode()).isEmpty();
        assertThat(dispute.closedAt()).isEmpty();
    }

    @Test
    void decodesUnknownKeyWithoutFailing() {
        Event event = decode("unknown.key");
        assertThat(event.type()).isEqualTo("payout.rocket_launch");
        assertThat(OmiseEventKeys.ALL).doesNotContain(event.type());
        assertThat(event.id()).isEqualTo("evnt_test_526yctupnje5mbldskd");
        assertThat(event.created()).contains(Instant.parse("2015-11-30T03:39:42Z"));
    }

    @Test
    void decodesOmiseGoEventFixtureVerbatim() {
        Event event = decode("transfer.destroy");
        assertThat(event.type()).isEqualTo(OmiseEventKeys.TRANSFER_DESTROY);
        assertThat(event.at("/data/deleted")).contains("true");
        // A deleted transfer has no amount: the view says which member is missing.
        assertThatThrownBy(() -> TransferView.of(event))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_FIELD))
                .hasMessageContaining("amount");
    }

    @Test
    void bindingAViewThroughJacksonFailsLoudlyInsteadOfHalfFilling() {
        // Views read snake_case members by pointer; Event.data(ChargeView.class) cannot map them, and
        // must not quietly return a charge with missing fields.
        Event event = decode("charge.complete");
        for (Class<?> view : new Class<?>[] {ChargeView.class, RefundView.class, TransferView.class, DisputeView.class}) {
            assertThatThrownBy(() -> event.data(view)).as(view.getSimpleName())
                    .isInstanceOfSatisfying(WebhookDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
        }
    }

    @Test
    void rejectsViewOfTheWrongKind() {
        assertThatThrownBy(() -> RefundView.of(decode("charge.complete")))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD))
                .hasMessageContaining("'charge', not a 'refund'");
    }

    @Test
    void rejectsAmountsThatAreNotWholeMinorUnits() {
        for (String amount : new String[] {"100.5", "1e5", "-100", "\"100\"x", "99999999999999999999"}) {
            String json = "{\"object\":\"event\",\"id\":\"evnt_test_1\",\"key\":\"charge.complete\",\"livemode\":false,"
                    + "\"data\":{\"object\":\"charge\",\"id\":\"chrg_test_1\",\"amount\":" + amount + ",\"currency\":\"thb\"}}";
            if (amount.startsWith("\"")) {
                assertThatThrownBy(() -> decode(json.getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOfSatisfying(WebhookDecodingException.class,
                                e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_JSON));
                continue;
            }
            Event event = decode(json.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> ChargeView.of(event)).as(amount)
                    .isInstanceOfSatisfying(WebhookDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
        }
    }

    @Test
    void rejectsSignedObjectsThatAreNotEvents() {
        String charge = "{\"object\":\"charge\",\"id\":\"chrg_test_1\",\"key\":\"charge.complete\",\"livemode\":false}";
        assertThatThrownBy(() -> decode(charge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
    }

    @Test
    void rejectsEventsWithoutKeyOrId() {
        assertReason("{\"object\":\"event\",\"id\":\"evnt_test_1\",\"data\":{}}", RejectionReason.MISSING_EVENT_FIELD);
        assertReason("{\"object\":\"event\",\"key\":\"charge.create\",\"data\":{}}", RejectionReason.MISSING_EVENT_FIELD);
        assertReason("{\"object\":\"event\",\"id\":\"evnt_test_1\",\"key\":{\"a\":1}}", RejectionReason.MISSING_EVENT_FIELD);
        assertReason("{\"object\":\"event\",\"id\":\"evnt_test_1\",\"key\":\"a\",\"key\":\"b\"}", RejectionReason.DUPLICATE_JSON_KEY);
        assertReason("[1,2]", RejectionReason.MALFORMED_JSON);
    }

    @Test
    void leavesUnparseableCreationTimeUnset() {
        Event event = decode(("{\"object\":\"event\",\"id\":\"evnt_test_1\",\"key\":\"charge.create\",\"livemode\":true,"
                + "\"created_at\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(event.created()).isEqualTo(Optional.empty());
        assertThat(event.mode()).isEqualTo(Mode.LIVE);
    }

    @Test
    void listsEveryKeyOfOmisesWebhookDocumentation() {
        assertThat(OmiseEventKeys.ALL).hasSize(38)
                .contains("charge.complete", "customer.update.card", "refund.create", "transfer.fail", "recipient.verify",
                        "dispute.accept", "link.create", "linked_account.complete", "schedule.expiring");
        assertThat(OmiseEventKeys.ALL.stream().filter(k -> k.startsWith("charge."))).hasSize(7);
        assertThat(OmiseEventKeys.ALL.stream().filter(k -> k.startsWith("transfer."))).hasSize(6);
        assertThat(OmiseEventKeys.ALL.stream().filter(k -> k.startsWith("recipient."))).hasSize(6);
        assertThat(OmiseEventKeys.ALL.stream().filter(k -> k.startsWith("schedule."))).hasSize(5);
    }

    private void assertReason(String json, RejectionReason reason) {
        assertThatThrownBy(() -> decode(json.getBytes(StandardCharsets.UTF_8))).as(json)
                .isInstanceOfSatisfying(WebhookDecodingException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private Event decode(String fixture) {
        return decode(body(fixture));
    }

    private Event decode(byte[] body) {
        return decoder.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
    }
}
