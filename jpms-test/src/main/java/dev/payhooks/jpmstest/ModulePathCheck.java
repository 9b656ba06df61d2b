package dev.payhooks.jpmstest;

import dev.payhooks.Event;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.hmac.HmacScheme;
import dev.payhooks.jpmstest.closed.NotOpened;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.stripe.StripeWebhooks;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs the application once in a JVM started with {@code java --module-path ... --module
 * dev.payhooks.jpmstest/dev.payhooks.jpmstest.ModulePathCheck} and prints what happened, one fact
 * per line, for the test that started it to check. Any exception ends the JVM with a non-zero status.
 */
public final class ModulePathCheck {

    /** The instant every delivery is signed at and received at. */
    public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private ModulePathCheck() {
    }

    /**
     * Prints the modules of the types used, the statuses of signed and forged deliveries received
     * directly and over HTTP (and of an oversized and a {@code text/plain} one), what the handlers did, and the outcome of binding a closed record.
     *
     * @param args ignored
     * @throws Exception when anything fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        for (Class<?> type : new Class<?>[] {ModulePathCheck.class, WebhookReceiver.class, StripeWebhooks.class,
                HmacScheme.class, WebhookFilter.class}) {
            out.println("module " + type.getSimpleName() + " " + type.getModule().getName());
        }
        // The provider modules' `provides` clauses, found through core's `uses`.
        out.println("providers " + dev.payhooks.spi.WebhookProvider.installed().stream()
                .map(dev.payhooks.spi.WebhookProvider::name).collect(java.util.stream.Collectors.joining(" ")));
        long t = NOW.getEpochSecond();
        ModularMerchant merchant = new ModularMerchant(Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            byte[] refund = Deliveries.stripeRefundFailed("evt_direct", "re_direct");
            out.println("direct stripe signed " + merchant.stripe()
                    .receive(Deliveries.request(refund, Deliveries.stripeHeaders(Deliveries.STRIPE_SECRET, t, refund))).status());
            out.println("direct stripe forged " + merchant.stripe()
                    .receive(Deliveries.request(refund, Deliveries.stripeHeaders("whsec_not_the_secret", t, refund))).status());
            byte[] order = Deliveries.orderPaid("ord_direct", 2900);
            out.println("direct standard signed " + merchant.standardWebhooks().receive(Deliveries.request(order,
                    Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_direct", t, order))).status());

            URI base = merchant.start();
            byte[] httpRefund = Deliveries.stripeRefundFailed("evt_http", "re_http");
            out.println("http stripe signed " + Deliveries.post(base.resolve(ModularMerchant.STRIPE_PATH), httpRefund,
                    Deliveries.stripeHeaders(Deliveries.STRIPE_SECRET, t, httpRefund)));
            out.println("http stripe forged " + Deliveries.post(base.resolve(ModularMerchant.STRIPE_PATH), httpRefund,
                    Deliveries.stripeHeaders("whsec_not_the_secret", t, httpRefund)));
            byte[] httpOrder = Deliveries.orderPaid("ord_http", 4100);
            out.println("http standard signed " + Deliveries.post(base.resolve(ModularMerchant.STANDARD_WEBHOOKS_PATH),
                    httpOrder, Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_http", t, httpOrder)));
            out.println("http standard oversized " + postOversized(base, t));
            out.println("http standard text " + postAsText(base, t));

            merchant.handled().forEach(line -> out.println("handled " + line));
            out.println("closed record " + bindClosedRecord(merchant));
        } finally {
            merchant.stop();
        }
    }

    /**
     * Posts a signed order over the Standard Webhooks endpoint's body limit.
     *
     * @param base the server's base URI
     * @param t the signing time, Unix seconds
     * @return the status: 413, from the limit set through the filter's inherited builder option
     * @throws Exception when the request fails
     */
    static int postOversized(URI base, long t) throws Exception {
        byte[] order = Deliveries.orderPaid("ord_" + "x".repeat(ModularMerchant.STANDARD_WEBHOOKS_MAX_BODY_BYTES), 1);
        return Deliveries.post(base.resolve(ModularMerchant.STANDARD_WEBHOOKS_PATH), order,
                Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_oversized", t, order));
    }

    /**
     * Posts a signed order as {@code text/plain} to the Standard Webhooks endpoint.
     *
     * @param base the server's base URI
     * @param t the signing time, Unix seconds
     * @return the status: 415, from the content types set through the filter's inherited builder option
     * @throws Exception when the request fails
     */
    static int postAsText(URI base, long t) throws Exception {
        byte[] order = Deliveries.orderPaid("ord_text", 1);
        Map<String, String> headers = Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_text", t,
                order);
        headers.put("Content-Type", "text/plain");
        return Deliveries.post(base.resolve(ModularMerchant.STANDARD_WEBHOOKS_PATH), order, headers);
    }

    /**
     * Binds a delivery's data to {@link NotOpened}, whose package is not opened to Jackson.
     *
     * @param merchant the application
     * @return {@code "bound"}, or the reason code of the decoding failure
     */
    static String bindClosedRecord(ModularMerchant merchant) {
        byte[] order = Deliveries.orderPaid("ord_closed", 1);
        WebhookResponse response = merchant.standardWebhooks().receive(Deliveries.request(order,
                Deliveries.standardWebhooksHeaders(Deliveries.STANDARD_WEBHOOKS_SECRET, "msg_closed",
                        NOW.getEpochSecond(), order)));
        Event event = response.event().orElseThrow();
        try {
            event.data(NotOpened.class);
            return "bound";
        } catch (WebhookDecodingException e) {
            return e.reason().name();
        }
    }
}
