package dev.payhooks.stripe.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Balance;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.InvoiceItem;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import dev.payhooks.Event;
import dev.payhooks.stripe.StripeEvents;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Stripe event fixture of the stripe module, delivered through a real receiver and bound with
 * stripe-java: the object is of the class stripe-java registers for its type, with the id and the
 * amount the JSON says (read independently with Jackson), and the mismatch between the fixture's API
 * version and stripe-java's is reported. A fixture of a type this table does not know fails, so a new
 * fixture is never skipped silently.
 */
class FixtureBindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The class stripe-java binds each Stripe type to, and where its amount is: balance has a list of
     * amounts, and a customer has only a (here absent) balance.
     */
    private record Expectation(Class<? extends StripeObject> type, Function<StripeObject, Long> amount, String amountPointer) {
    }

    private static final Map<String, Expectation> BY_TYPE = Map.of(
            "refund", new Expectation(Refund.class, o -> ((Refund) o).getAmount(), "/amount"),
            "charge", new Expectation(Charge.class, o -> ((Charge) o).getAmount(), "/amount"),
            "payment_intent", new Expectation(PaymentIntent.class, o -> ((PaymentIntent) o).getAmount(), "/amount"),
            "dispute", new Expectation(Dispute.class, o -> ((Dispute) o).getAmount(), "/amount"),
            "balance", new Expectation(Balance.class, o -> ((Balance) o).getAvailable().get(0).getAmount(), "/available/0/amount"),
            "customer", new Expectation(Customer.class, o -> ((Customer) o).getBalance(), "/balance"),
            "invoiceitem", new Expectation(InvoiceItem.class, o -> ((InvoiceItem) o).getAmount(), "/amount"));

    @TestFactory
    List<DynamicTest> everyFixtureBindsWithTheIdAndAmountItsJsonSays() {
        List<Path> fixtures = Deliveries.stripeModuleFixtures();
        // The stripe module has eight events and two SDK vectors today; fewer means the copy broke.
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(10);
        return fixtures.stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> bindsAsItsJsonSays(file)))
                .toList();
    }

    private static void bindsAsItsJsonSays(Path file) throws IOException {
        byte[] body = Deliveries.read(file);
        JsonNode json = JSON.readTree(body);
        Event event = Deliveries.received(body);
        if ("v2.core.event".equals(json.path("object").asText())) {
            // Thin events carry no data.object; StripeClientFetcherTest fetches their related object.
            assertThat(StripeEvents.isThin(event)).isTrue();
            assertThatThrownBy(() -> StripeObjects.of(event)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("thin event").hasMessageContaining("StripeClientFetcher");
            return;
        }
        JsonNode object = json.at("/data/object");
        String stripeType = object.path("object").asText();
        Expectation expected = BY_TYPE.get(stripeType);
        assertThat(expected).as("an expectation for Stripe type '%s' of %s", stripeType, file.getFileName()).isNotNull();

        StripeEventData data = StripeObjects.of(event);
        StripeObject any = data.object();
        StripeObject typed = data.object(expected.type());

        assertThat(any).isInstanceOf(expected.type()).isSameAs(typed);
        assertThat(data.objectType()).contains(stripeType);
        if (object.has("id")) {
            assertThat(typed).extracting("id").isEqualTo(object.path("id").asText());
        }
        JsonNode amount = object.at(expected.amountPointer());
        assertThat(expected.amount().apply(typed)).isEqualTo(amount.isIntegralNumber() ? amount.asLong() : null);
        // The whole stripe-java event, as constructEvent would build it from the same bytes.
        assertThat(data.stripeEvent().getId()).isEqualTo(json.path("id").asText());
        assertThat(data.stripeEvent().getApiVersion()).isEqualTo(json.path("api_version").asText());

        // No fixture is at stripe-java 28.2.0's API version (2024-12-18.acacia): each shows the mismatch.
        assertThat(data.apiVersionMismatch()).hasValueSatisfying(mismatch -> {
            assertThat(mismatch.eventApiVersion()).isEqualTo(json.path("api_version").asText());
            assertThat(mismatch.libraryApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
            assertThat(mismatch.eventId()).isEqualTo(event.id());
            assertThat(mismatch.endpoint()).isEqualTo(StripeObjects.DEFAULT_ENDPOINT);
        });
        // ... where stripe-java's own accessor is silently empty for the same bytes.
        assertThat(data.stripeEvent().getDataObjectDeserializer().getObject()).isEmpty();

        JsonNode previous = json.at("/data/previous_attributes");
        if (previous.isObject()) {
            StripeObject before = data.previousAttributes(expected.type()).orElseThrow();
            if (previous.has("status")) {
                assertThat(before).extracting("status").isEqualTo(previous.path("status").asText());
            }
            if (previous.has("metadata")) {
                assertThat(before).extracting("metadata").isNotNull();
            }
        } else {
            assertThat(data.previousAttributes(expected.type())).isEmpty();
        }
    }

    @Test
    void theSameFixtureAtStripeJavasApiVersionShowsNoMismatchAndStripeJavaAgrees() {
        String original = new String(Deliveries.resource("stripe-events/refund.updated.json"), StandardCharsets.UTF_8);
        assertThat(original).contains("\"api_version\": \"2024-06-20\"");
        byte[] body = original.replace("\"api_version\": \"2024-06-20\"",
                "\"api_version\": \"" + com.stripe.Stripe.API_VERSION + "\"").getBytes(StandardCharsets.UTF_8);

        StripeEventData data = StripeObjects.of(Deliveries.received(body));

        assertThat(data.apiVersionMismatch()).isEmpty();
        Refund refund = data.object(Refund.class);
        assertThat(refund.getId()).isEqualTo("re_3QkV2bLkdIwHu7ix0Yb3pXrS");
        assertThat(data.stripeEvent().getDataObjectDeserializer().getObject()).contains(refund);
    }
}
