package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.spring.boot.WebhookHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a real reactive application on a real port: Reactor Netty, Spring Security's
 * WebFlux chain with CSRF on, the WebFlux filter ahead of it.
 */
@SpringBootTest(classes = ReactiveApplicationTest.ReactiveShop.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.main.web-application-type=reactive",
                "payhooks.endpoints.stripe.provider=stripe",
                "payhooks.endpoints.stripe.path=/webhooks/stripe",
                "payhooks.endpoints.stripe.secrets[0]=" + ReactiveApplicationTest.SECRET,
                "payhooks.store=memory",
                "spring.main.banner-mode=off"})
class ReactiveApplicationTest {

    static final String SECRET = "whsec_reactive_port";

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private Refunds refunds;

    @Autowired
    private ApplicationContext context;

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void aSignedDeliveryIs200AForgedOne401AndAnOrdinaryPostStillMeetsSpringSecurity() {
        byte[] body = Deliveries.refund("evt_reactive_port", "refund.failed", "re_reactive_port");

        HttpResponse<String> signed = Deliveries.post(url("/webhooks/stripe"), body, Deliveries.signatureHeaders(SECRET, body));
        HttpResponse<String> forged = Deliveries.post(url("/webhooks/stripe"), body,
                Deliveries.signatureHeaders("whsec_forger", body));
        HttpResponse<String> ordinary = Deliveries.send(HttpRequest.newBuilder(URI.create(url("/orders")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(ordinary.statusCode()).isIn(401, 403);
        assertThat(refunds.handled).containsExactly("evt_reactive_port");
        // Served by the WebFlux filter; there is no servlet filter in a reactive application.
        assertThat(context.containsBean("payhooksWebhookWebFilter")).isTrue();
        assertThat(context.containsBean("payhooksWebhookFilter")).isFalse();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Refunds.class)
    static class ReactiveShop {
    }

    @Component
    static class Refunds {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void handle(Event event) {
            handled.add(event.id());
        }
    }
}
