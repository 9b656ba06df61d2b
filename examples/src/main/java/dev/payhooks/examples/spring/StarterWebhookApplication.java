package dev.payhooks.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Boot application that receives Stripe webhooks through payhooks-spring-boot-starter, with
 * Spring Security's CSRF protection left on for the rest of the application.
 *
 * <p>All the webhook wiring is three properties ({@code payhooks-starter-example.properties}; in an
 * application, {@code application.properties}) and one annotated method ({@link Refunds}): the
 * starter registers the payhooks filter for {@code /webhooks/stripe} only, ahead of Spring
 * Security's chain, so a signed webhook is verified on its raw bytes and answered before CSRF
 * checking, Spring MVC or Jackson binding see it.
 *
 * <pre>
 * STRIPE_WEBHOOK_SECRET=whsec_... java -cp ... dev.payhooks.examples.spring.StarterWebhookApplication
 * </pre>
 */
@SpringBootApplication
@PropertySource("classpath:payhooks-starter-example.properties")
public class StarterWebhookApplication {

    /** Created by Spring. */
    public StarterWebhookApplication() {
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(StarterWebhookApplication.class, args);
    }

    /**
     * The application's own security: CSRF on (the default, stated), everything authenticated. Nothing
     * here mentions webhooks.
     *
     * @param http Spring Security's builder
     * @return the chain
     * @throws Exception from Spring Security
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.csrf(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
