package dev.payhooks.examples;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Event bodies shaped as the providers send them (field names from the providers' API references:
 * https://docs.stripe.com/api/events/object, https://docs.opn.ooo/events-api,
 * https://www.standardwebhooks.com/).
 */
public final class Events {

    private Events() {
    }

    /**
     * A Stripe refund event.
     *
     * @param id the event id
     * @param type e.g. refund.failed
     * @param refundId the refund id
     * @param created when
     * @return the body
     */
    public static byte[] stripeRefund(String id, String type, String refundId, Instant created) {
        return ("{\n  \"id\": \"" + id + "\",\n  \"object\": \"event\",\n  \"api_version\": \"2024-06-20\",\n"
                + "  \"created\": " + created.getEpochSecond() + ",\n  \"livemode\": false,\n  \"type\": \"" + type + "\",\n"
                + "  \"data\": {\n    \"object\": {\n      \"id\": \"" + refundId + "\",\n      \"object\": \"refund\",\n"
                + "      \"amount\": 1000,\n      \"currency\": \"usd\",\n      \"status\": \"failed\",\n"
                + "      \"charge\": \"ch_3MtwBwLkdIwHu7ix28a3tqPa\",\n      \"failure_reason\": \"expired_or_canceled_card\"\n"
                + "    }\n  }\n}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An Omise charge.complete event.
     *
     * @param id the event id
     * @param chargeId the charge id
     * @param created when
     * @return the body
     */
    public static byte[] omiseChargeComplete(String id, String chargeId, Instant created) {
        return ("{\"object\":\"event\",\"id\":\"" + id + "\",\"livemode\":false,\"location\":\"/events/" + id + "\","
                + "\"key\":\"charge.complete\",\"created_at\":\"" + created + "\","
                + "\"data\":{\"object\":\"charge\",\"id\":\"" + chargeId + "\",\"livemode\":false,\"amount\":100000,"
                + "\"currency\":\"THB\",\"status\":\"successful\",\"paid\":true,\"authorized\":true,"
                + "\"refunded_amount\":0,\"created_at\":\"" + created + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
