package dev.payhooks.examples.springwithoutstarter;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.servlet.WebhookFilter;
import dev.payhooks.stripe.StripeEventTypes;
import dev.payhooks.stripe.StripeWebhooks;
import dev.payhooks.stripe.view.RefundView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Duration;

/**
 * A Spring Boot 3 application that receives Stripe webhooks with CSRF protection left on, wired by
 * hand, <em>without the starter</em> (the starter example, {@code examples.spring}, needs three
 * properties and one annotated method for the same). This is what the starter does for you, for
 * applications that want every bean in view; the starter's auto-configuration is excluded here
 * because the examples module has the starter on its class path.
 *
 * <p>Spring Security's CSRF check rejects every POST without a CSRF token with 403, and a provider
 * never sends one; Stripe's webhook guide (https://docs.stripe.com/webhooks) tells you to exempt the
 * webhook route from CSRF protection.
 * Instead of weakening CSRF, the {@link WebhookFilter} is registered for the webhook path only,
 * <em>ahead of</em> Spring Security's filter chain: it verifies the signature on the raw bytes and
 * answers, so the request never reaches CSRF checking, Spring MVC or its JSON binding (which would
 * re-serialise the body). The rest of the application keeps CSRF and authentication.
 *
 * <pre>
 * PAYHOOKS_STRIPE_SECRET=whsec_... java -cp ... dev.payhooks.examples.springwithoutstarter.SpringWebhookApplication
 * </pre>
 */
@SpringBootApplication(excludeName = "dev.payhooks.spring.boot.internal.PayhooksAutoConfiguration")
public class SpringWebhookApplication {

    /** Created by Spring. */
    public SpringWebhookApplication() {
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SpringWebhookApplication.class, args);
    }

    /**
     * The Stripe receiver: one handler, failed refunds go to the ledger.
     *
     * @param secret the endpoint's signing secret ({@code payhooks.stripe.secret})
     * @param ledger where failed refunds are recorded
     * @return the receiver
     */
    @Bean
    public WebhookReceiver stripeReceiver(@Value("${payhooks.stripe.secret}") String secret, RefundLedger ledger) {
        return WebhookReceiver.builder()
                .source(StripeWebhooks.source(secret))
                .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
                .on(StripeEventTypes.REFUND_FAILED, event -> ledger.refundFailed(event.data(RefundView.class).id()))
                .build();
    }

    /**
     * The webhook filter on {@code /webhooks/stripe}, first in the chain.
     *
     * @param stripeReceiver the receiver
     * @param order the filter's order ({@code payhooks.webhook-filter-order}); keep the default, which
     *              is ahead of Spring Security's chain (order -100) and of every filter that could read
     *              the body. The tests set it after Spring Security to show the CSRF pitfall.
     * @return the registration
     */
    @Bean
    public FilterRegistrationBean<WebhookFilter> stripeWebhookFilter(WebhookReceiver stripeReceiver,
            @Value("${payhooks.webhook-filter-order:" + Ordered.HIGHEST_PRECEDENCE + "}") int order) {
        FilterRegistrationBean<WebhookFilter> registration = new FilterRegistrationBean<>(WebhookFilter.of(stripeReceiver));
        registration.addUrlPatterns("/webhooks/stripe");
        registration.setOrder(order);
        return registration;
    }

    /**
     * The application's own security: CSRF on (the default, stated), everything authenticated.
     *
     * @param http Spring Security's builder
     * @return the chain
     * @throws Exception from Spring Security
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.csrf(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests
                        // The error page renders the status of a refused request (e.g. CSRF's 403)
                        // instead of turning it into a 401 on the error dispatch.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
