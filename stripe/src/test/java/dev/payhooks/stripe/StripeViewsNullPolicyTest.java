package dev.payhooks.stripe;

import dev.payhooks.Event;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.Verification;
import dev.payhooks.stripe.view.BalanceView;
import dev.payhooks.stripe.view.ChargeView;
import dev.payhooks.stripe.view.DisputeView;
import dev.payhooks.stripe.view.PaymentIntentView;
import dev.payhooks.stripe.view.RefundView;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's null policy on the views: whatever a Stripe object leaves out, no accessor returns null. */
class StripeViewsNullPolicyTest {

    private static Event eventWithData(String object) {
        byte[] body = ("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"t\",\"data\":{\"object\":" + object + "}}")
                .getBytes(StandardCharsets.UTF_8);
        return StripeWebhooks.source("whsec_x").decoder().decode(WebhookRequest.builder().body(body).build(), Verification.verified());
    }

    @Test
    void anEmptyObjectBindsToEveryViewWithoutNulls() throws Exception {
        Event empty = eventWithData("{\"last_payment_error\":{},\"evidence_details\":{},\"available\":[{}]}");
        for (Class<?> view : List.of(RefundView.class, PaymentIntentView.class, ChargeView.class, DisputeView.class,
                BalanceView.class)) {
            assertNoNullAccessor(view, empty.data(view));
        }
        assertNoNullAccessor(PaymentIntentView.PaymentError.class, empty.data(PaymentIntentView.class).lastPaymentError());
        assertNoNullAccessor(DisputeView.EvidenceDetails.class, empty.data(DisputeView.class).evidenceDetails());
        assertNoNullAccessor(BalanceView.Amount.class, empty.data(BalanceView.class).available().get(0));
        Event none = eventWithData("{}");
        assertThat(none.data(PaymentIntentView.class).lastPaymentError().type()).isEmpty();
        assertThat(none.data(DisputeView.class).evidenceDetails().dueBy()).isZero();
    }

    @Test
    void explicitNullsReadAsEmpty() {
        RefundView refund = eventWithData("{\"id\":null,\"charge\":null,\"metadata\":null}").data(RefundView.class);

        assertThat(refund.id()).isEmpty();
        assertThat(refund.charge()).isEmpty();
        assertThat(refund.metadata()).isEmpty();
    }

    private static void assertNoNullAccessor(Class<?> type, Object instance) throws Exception {
        assertThat(type.isRecord()).as(type.getSimpleName()).isTrue();
        for (Method accessor : type.getDeclaredMethods()) {
            if (Modifier.isPublic(accessor.getModifiers()) && !Modifier.isStatic(accessor.getModifiers())
                    && accessor.getParameterCount() == 0) {
                assertThat(accessor.invoke(instance)).as(type.getSimpleName() + "." + accessor.getName()).isNotNull();
            }
        }
    }
}
