package dev.payhooks.stripe.java;

import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.InvoiceItem;
import com.stripe.model.Refund;
import com.stripe.model.StripeRawJsonObject;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What binding does with the shapes an event can have, and with calls that cannot work. */
class StripeEventDataTest {

    private static Event event(String dataJson) {
        String json = "{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"" + Stripe.API_VERSION + "\","
                + "\"created\":1763812800,\"livemode\":true,\"type\":\"refund.created\"" + dataJson + "}";
        return Deliveries.received(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anotherStripeTypeThanTheOneAskedForIsRefusedWithTheClassToAskFor() {
        StripeEventData data = StripeObjects.of(event(",\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\",\"amount\":5}}"));

        assertThatThrownBy(() -> data.object(Charge.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD))
                .hasMessageContaining("'refund'")
                .hasMessageContaining(Refund.class.getName())
                .hasMessageContaining("not to " + Charge.class.getName());
        assertThat(data.object(Refund.class).getAmount()).isEqualTo(5L);
    }

    @Test
    void anEventWithoutDataObjectSaysSo() {
        StripeEventData data = StripeObjects.of(event(""));

        assertThatThrownBy(data::object)
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_FIELD))
                .hasMessageContaining("evt_1").hasMessageContaining("no data.object");
        assertThat(data.previousAttributes(Refund.class)).isEmpty();
        assertThat(data.stripeEvent().getId()).isEqualTo("evt_1");
    }

    @Test
    void aDataObjectThatIsNotAnObjectIsInvalid() {
        StripeEventData data = StripeObjects.of(event(",\"data\":{\"object\":\"re_1\",\"previous_attributes\":[1]}"));

        assertThatThrownBy(data::object).isInstanceOfSatisfying(WebhookDecodingException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
        assertThatThrownBy(() -> data.previousAttributes(Refund.class)).isInstanceOfSatisfying(WebhookDecodingException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD));
    }

    @Test
    void anObjectTypeThisStripeJavaDoesNotKnowIsRawJsonUnlessAClassIsNamed() {
        StripeEventData data = StripeObjects.of(event(
                ",\"data\":{\"object\":{\"id\":\"xyz_1\",\"object\":\"future_thing\",\"amount\":7}}"));

        assertThat(data.objectType()).contains("future_thing");
        assertThat(data.object()).isInstanceOf(StripeRawJsonObject.class);
        // Named explicitly, the JSON binds to the class asked for: what stripe-java can, it returns ...
        assertThat(data.object(InvoiceItem.class).getAmount()).isEqualTo(7L);
        // ... unless stripe-java picks that class's subtype by the "object" member, as it does for Refund.
        assertThatThrownBy(() -> data.object(Refund.class))
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD))
                .hasMessageContaining("'future_thing'").hasMessageContaining("no class for");
    }

    @Test
    void nullPreviousAttributesAreEmpty() {
        StripeEventData data = StripeObjects.of(event(
                ",\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\"},\"previous_attributes\":null}"));

        assertThat(data.previousAttributes(Refund.class)).isEmpty();
    }

    @Test
    void eventsFromAnotherProviderAreRefused() {
        Event omise = Event.builder("omise", "evnt_1", "charge.complete", "{}".getBytes(StandardCharsets.UTF_8)).build();

        assertThatThrownBy(() -> StripeObjects.of(omise)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'omise'").hasMessageContaining("StripeWebhooks");
    }

    @Test
    void theSameObjectIsReturnedOnEveryCall() {
        StripeEventData data = StripeObjects.of(event(",\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\"}}"));

        assertThat(data.object()).isSameAs(data.object(Refund.class)).isSameAs(data.object());
        assertThat(data.stripeEvent()).isSameAs(data.stripeEvent());
        assertThat(data.event().id()).isEqualTo("evt_1");
    }

    @Test
    void endpointNamesAreValidated() {
        assertThatThrownBy(() -> StripeObjects.builder().endpoint(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> StripeObjects.builder().endpoint("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StripeObjects.builder().endpoint("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(StripeObjects.builder().endpoint("payments-th").build().endpoint()).isEqualTo("payments-th");
        assertThat(StripeObjects.builder().build().libraryApiVersion()).isEqualTo(Stripe.API_VERSION);
    }
}
