package dev.payhooks.stripe.java;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.stripe.Stripe;
import com.stripe.model.Refund;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An event at another API version than stripe-java's binds all the same, and the difference is seen three ways. */
class ApiVersionMismatchTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(StripeObjects.class);
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(previousLevel);
    }

    /** A refund.updated event with the given id, API version and metadata value, received through a real receiver. */
    private static Event refundUpdated(String id, String apiVersion, String metadataValue) {
        String json = "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"" + apiVersion + "\","
                + "\"created\":1763812800,\"livemode\":false,\"pending_webhooks\":1,\"type\":\"refund.updated\","
                + "\"request\":{\"id\":null,\"idempotency_key\":null},\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\","
                + "\"amount\":1250,\"currency\":\"eur\",\"status\":\"succeeded\",\"metadata\":{\"order\":\"" + metadataValue
                + "\"}},\"previous_attributes\":{\"status\":\"pending\"}}}";
        return Deliveries.received(json.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void mismatchedEventBindsAndIsReportedToTheResultTheListenerAndOneWarning() {
        List<ApiVersionMismatch> heard = new ArrayList<>();
        StripeObjects objects = StripeObjects.builder().endpoint("payments-eu").onApiVersionMismatch(heard::add).build();

        StripeEventData first = objects.bind(refundUpdated("evt_1", "2023-10-16", "order-1"));
        StripeEventData second = objects.bind(refundUpdated("evt_2", "2023-10-16", "order-2"));

        // Bound all the same: what stripe-java's getObject() would have hidden.
        assertThat(first.object(Refund.class).getAmount()).isEqualTo(1250L);
        assertThat(first.previousAttributes(Refund.class).map(Refund::getStatus)).contains("pending");
        assertThat(first.stripeEvent().getDataObjectDeserializer().getObject()).isEmpty();

        ApiVersionMismatch expected = new ApiVersionMismatch("payments-eu", "", "evt_1", "refund.updated", "2023-10-16",
                Stripe.API_VERSION);
        assertThat(first.apiVersionMismatch()).contains(expected);
        assertThat(second.apiVersionMismatch()).hasValueSatisfying(m -> assertThat(m.eventId()).isEqualTo("evt_2"));
        assertThat(heard).hasSize(2).first().isEqualTo(expected);

        assertThat(warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("payments-eu", "2023-10-16", Stripe.API_VERSION, "evt_1", "create a new endpoint with api_version="
                        + Stripe.API_VERSION)
                .doesNotContain("order-1"));
        assertThat(first.toString()).contains("2023-10-16").doesNotContain("order-1");
    }

    @Test
    void warnsOncePerEndpointTenantAndVersion() {
        StripeObjects payments = StripeObjects.builder().endpoint("payments").build();
        StripeObjects billing = StripeObjects.builder().endpoint("billing").build();

        payments.bind(refundUpdated("evt_1", "2023-10-16", "x"));
        payments.bind(refundUpdated("evt_2", "2023-10-16", "x"));
        payments.bind(refundUpdated("evt_3", "2024-06-20", "x"));
        billing.bind(refundUpdated("evt_4", "2023-10-16", "x"));

        assertThat(warnings()).hasSize(3);
        assertThat(warnings().get(0)).contains("endpoint payments ", "2023-10-16");
        assertThat(warnings().get(1)).contains("endpoint payments ", "2024-06-20");
        assertThat(warnings().get(2)).contains("endpoint billing ", "2023-10-16");
    }

    @Test
    void theSameVersionIsNoMismatchAndBetaSuffixesDoNotMakeOne() {
        List<ApiVersionMismatch> heard = new ArrayList<>();
        StripeObjects objects = StripeObjects.builder().onApiVersionMismatch(heard::add).build();

        StripeEventData same = objects.bind(refundUpdated("evt_1", Stripe.API_VERSION, "x"));
        StripeEventData beta = objects.bind(refundUpdated("evt_2", Stripe.API_VERSION + "; some_beta=v1", "x"));

        assertThat(same.apiVersionMismatch()).isEmpty();
        assertThat(beta.apiVersionMismatch()).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(same.stripeEvent().getDataObjectDeserializer().getObject()).contains(same.object());
    }

    @Test
    void aFailingListenerIsLoggedAndTheOthersStillHear() {
        List<ApiVersionMismatch> heard = new ArrayList<>();
        StripeObjects objects = StripeObjects.builder()
                .onApiVersionMismatch(m -> {
                    throw new IllegalStateException("metrics backend down");
                })
                .onApiVersionMismatch(heard::add)
                .build();

        StripeEventData data = objects.bind(refundUpdated("evt_1", "2023-10-16", "x"));

        assertThat(data.object(Refund.class).getId()).isEqualTo("re_1");
        assertThat(heard).hasSize(1);
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("listener").contains("evt_1");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("metrics backend down");
        });
    }

    @Test
    void anObjectThatDoesNotBindNamesBothVersionsAndTheRemedyButNoBodyContent() {
        // "amount" as an object: no API version renders it so, but it stands for any member reshaped between versions.
        String json = "{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"2019-12-03\",\"created\":1763812800,"
                + "\"livemode\":false,\"type\":\"refund.updated\",\"data\":{\"object\":{\"id\":\"re_1\",\"object\":\"refund\","
                + "\"amount\":{\"value\":\"secret-looking-1234\"}}}}";
        StripeEventData data = StripeObjects.of(Deliveries.received(json.getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(data::object)
                .isInstanceOfSatisfying(WebhookDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_EVENT_FIELD))
                .hasMessageContaining("evt_1")
                .hasMessageContaining("2019-12-03")
                .hasMessageContaining(Stripe.API_VERSION)
                .hasMessageContaining("create a new endpoint")
                .hasMessageNotContaining("secret-looking-1234")
                .hasNoCause();
    }

    @Test
    void tenantsAreReportedAndWarnedSeparately() {
        List<ApiVersionMismatch> heard = new ArrayList<>();
        StripeObjects objects = StripeObjects.builder().onApiVersionMismatch(heard::add).build();
        Event base = refundUpdated("evt_1", "2023-10-16", "x");

        objects.bind(base.newBuilder().tenant("merchant-a").build());
        objects.bind(base.newBuilder().tenant("merchant-a").build());
        objects.bind(base.newBuilder().tenant("merchant-b").build());

        assertThat(heard).extracting(ApiVersionMismatch::tenant).containsExactly("merchant-a", "merchant-a", "merchant-b");
        assertThat(heard.get(0).tenantIfPresent()).contains("merchant-a");
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(1)).contains("tenant merchant-b");
    }
}
