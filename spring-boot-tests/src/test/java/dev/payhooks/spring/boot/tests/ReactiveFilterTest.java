package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.WebhookHandler;
import dev.payhooks.spring.webflux.WebhookWebFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a reactive application: a WebFlux filter for the endpoint paths (with
 * payhooks-spring-webflux on the class path), ordered ahead of Spring Security, and no servlet
 * filter; a servlet application keeps the servlet filter only.
 */
class ReactiveFilterTest {

    private static final String SECRET = "whsec_reactive_secret";
    private static final String FILTER = "payhooksWebhookWebFilter";

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurationTest.autoConfigurations(AutoConfigurationTest.AUTO_CONFIGURATION))
            .withUserConfiguration(Refunds.class)
            .withPropertyValues(
                    "payhooks.endpoints.stripe.provider=stripe",
                    "payhooks.endpoints.stripe.path=/webhooks/stripe",
                    "payhooks.endpoints.stripe.secrets[0]=" + SECRET);

    @Test
    void aReactiveApplicationGetsTheWebFilterAheadOfSpringSecurityAndNoServletFilter() {
        reactive.run(context -> {
            assertThat(context).hasNotFailed();
            WebFilter filter = context.getBean(FILTER, WebFilter.class);
            // Spring Security's WebFilterChainProxy is at -100.
            assertThat(((Ordered) filter).getOrder()).isEqualTo(-110);
            assertThat(context).doesNotHaveBean("payhooksWebhookFilter");
        });
        reactive.withPropertyValues("payhooks.filter-order=-200")
                .run(context -> assertThat(((Ordered) context.getBean(FILTER, WebFilter.class)).getOrder()).isEqualTo(-200));
    }

    @Test
    void theWebFilterAnswersSignedForgedAndOtherRequests() {
        reactive.run(context -> {
            WebFilter filter = context.getBean(FILTER, WebFilter.class);
            Refunds refunds = context.getBean(Refunds.class);
            byte[] body = Deliveries.refund("evt_reactive_1", "refund.failed", "re_reactive_1");
            AtomicInteger passedOn = new AtomicInteger();
            WebFilterChain chain = exchange -> {
                passedOn.incrementAndGet();
                return Mono.empty();
            };

            MockServerWebExchange signed = post("/webhooks/stripe", body, Deliveries.signatureHeaders(SECRET, body));
            filter.filter(signed, chain).block(Duration.ofSeconds(30));
            MockServerWebExchange forged = post("/webhooks/stripe", body, Deliveries.signatureHeaders("whsec_forger", body));
            filter.filter(forged, chain).block(Duration.ofSeconds(30));
            MockServerWebExchange elsewhere = post("/orders", body, Map.of());
            filter.filter(elsewhere, chain).block(Duration.ofSeconds(30));

            assertThat(signed.getResponse().getStatusCode().value()).isEqualTo(200);
            assertThat(forged.getResponse().getStatusCode().value()).isEqualTo(401);
            assertThat(refunds.handled).containsExactly("evt_reactive_1");
            assertThat(passedOn).hasValue(1);
            assertThat(elsewhere.getResponse().getStatusCode()).isNull();
        });
    }

    @Test
    void withoutPayhooksSpringWebfluxTheReceiversAreBuiltWithoutAFilter() {
        reactive.withClassLoader(new FilteredClassLoader(WebhookWebFilter.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FILTER);
            assertThat(context.getBean(PayhooksEndpoints.class).receiver("stripe")).isPresent();
        });
    }

    @Test
    void aServletApplicationKeepsTheServletFilterOnly() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurationTest.autoConfigurations(AutoConfigurationTest.AUTO_CONFIGURATION))
                .withUserConfiguration(Refunds.class)
                .withPropertyValues(
                        "payhooks.endpoints.stripe.provider=stripe",
                        "payhooks.endpoints.stripe.path=/webhooks/stripe",
                        "payhooks.endpoints.stripe.secrets[0]=" + SECRET)
                .run(context -> {
                    assertThat(context).hasBean("payhooksWebhookFilter");
                    assertThat(context).doesNotHaveBean(FILTER);
                });
    }

    private static MockServerWebExchange post(String path, byte[] body, Map<String, String> headers) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON);
        headers.forEach(request::header);
        return MockServerWebExchange.from(((MockServerHttpRequest.BodyBuilder) request).body(new String(body, StandardCharsets.UTF_8)));
    }

    @Configuration(proxyBeanMethods = false)
    static class Refunds {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void handle(Event event) {
            handled.add(event.id());
        }
    }
}
