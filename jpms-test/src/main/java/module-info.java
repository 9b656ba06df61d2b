/**
 * A merchant application as a named module: it receives Stripe deliveries and Standard Webhooks
 * deliveries, directly and through the servlet filter in embedded Jetty. It needs nothing from
 * payhooks but these {@code requires}, and one {@code opens} for its own data record.
 */
module dev.payhooks.jpmstest {
    requires dev.payhooks;
    requires dev.payhooks.stripe;
    requires dev.payhooks.stripe.java;
    requires dev.payhooks.hmac;
    requires dev.payhooks.servlet;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee10.servlet;
    requires java.net.http;

    // Event.data(OrderPaid.class) binds through Jackson, which needs reflective access to the record,
    // exactly as a merchant's own module must grant it.
    opens dev.payhooks.jpmstest.orders to com.fasterxml.jackson.databind;
}
