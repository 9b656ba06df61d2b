package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spring.boot.TenantSecretLookup;
import dev.payhooks.spring.boot.WebhookHandler;
import dev.payhooks.stripe.view.RefundView;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A merchant application as the README shows it: the starter, properties, annotated handlers,
 * Spring Security with CSRF on and everything authenticated, an ordinary POST endpoint, and a
 * controller on the webhook path that must never be reached.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ShopApplication.Refunds.class, ShopApplication.Orders.class, ShopApplication.WebhookPathController.class})
class ShopApplication {

    static final String MERCHANT_SECRET = "whsec_tenant_m1_p1";

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.csrf(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    /** Secrets per merchant profile, as from the application's own table. */
    @Bean
    TenantSecretLookup gatewaySecrets() {
        Map<String, List<WebhookSecret>> table = Map.of(TenantKey.joined("m1", "p1"), List.of(WebhookSecret.of(MERCHANT_SECRET)));
        return (endpoint, tenant) -> table.getOrDefault(tenant, List.of());
    }

    /** The handlers. A refund id containing "slow" blocks until the test releases it. */
    @Component
    static class Refunds {
        final List<String> handled = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch releaseSlow = new CountDownLatch(1);

        @WebhookHandler(endpoint = "stripe", types = "refund.failed")
        void failed(RefundView refund, Event event) throws InterruptedException {
            threads.add(Thread.currentThread().getName());
            if (refund.id().contains("slow")) {
                slowStarted.countDown();
                if (!releaseSlow.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the slow handler");
                }
            }
            handled.add("stripe " + refund.id());
        }

        @WebhookHandler(endpoint = "gateway", types = "refund.*")
        void gateway(Event event) {
            handled.add("gateway " + event.tenant().orElse("?") + " " + event.id());
        }
    }

    @RestController
    static class Orders {
        @PostMapping("/orders")
        String create() {
            return "order created";
        }
    }

    /** Spring MVC on the webhook path: a signed webhook must be answered before it gets here. */
    @RestController
    static class WebhookPathController {
        final AtomicInteger calls = new AtomicInteger();

        @PostMapping("/webhooks/stripe")
        String reached(@RequestBody Map<String, Object> json) {
            calls.incrementAndGet();
            return "reached Spring MVC";
        }
    }
}
