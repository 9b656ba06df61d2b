package dev.payhooks.spring.boot.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import dev.payhooks.spring.boot.PayhooksProperties;
import dev.payhooks.spring.boot.WebhookHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;

/**
 * Spring Boot auto-configuration for payhooks: one receiver per {@code payhooks.endpoints.<name>},
 * with the {@link WebhookHandler @WebhookHandler} methods of the application's beans, served by a
 * servlet filter registered for the endpoint paths only and ordered ahead of Spring Security
 * ({@code payhooks.filter-order}, default -110; Spring Security's chain is at -100), so CSRF and
 * authentication stay on for the rest of the application and a signed webhook never reaches Spring
 * MVC. In a reactive application with payhooks-spring-webflux, a {@code WebFilter} with the same
 * order serves the endpoint paths instead.
 *
 * <p>The store: JDBC when a {@code DataSource} bean exists and payhooks-jdbc is on the class path,
 * else in memory; {@code payhooks.store} chooses explicitly ({@code memory}, {@code jdbc},
 * {@code redis}). Inbox mode ({@code payhooks.inbox.enabled=true}) stores verified deliveries and
 * runs handlers on workers that start with the context and stop after the web server.
 *
 * <p>Exclude it like any auto-configuration to wire payhooks by hand.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        // The DataSource (Boot 4, then Boot 3 package), so that the default store can see it.
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@EnableConfigurationProperties(PayhooksProperties.class)
public class PayhooksAutoConfiguration {

    /** Created by Spring. */
    public PayhooksAutoConfiguration() {
    }

    /**
     * The endpoints: built once every singleton exists, then their inbox workers run with the context.
     *
     * @param properties the {@code payhooks.*} properties
     * @param beanFactory the application's beans (handlers, customizers, stores)
     * @return the endpoints
     */
    @Bean
    public EndpointRegistry payhooksEndpoints(PayhooksProperties properties, ConfigurableListableBeanFactory beanFactory) {
        return new EndpointRegistry(properties, beanFactory);
    }

    /**
     * The servlet filter for the endpoint paths, ahead of Spring Security's chain.
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    public static class ServletFilterConfiguration {

        /** Created by Spring. */
        public ServletFilterConfiguration() {
        }

        /**
         * The filter registration: mapped to the endpoint paths only, async-supported (for the
         * read deadline), disabled when no endpoint is configured.
         *
         * @param properties the properties
         * @param registry the endpoints
         * @return the registration
         */
        @Bean
        public FilterRegistrationBean<EndpointDispatchFilter> payhooksWebhookFilter(PayhooksProperties properties,
                EndpointRegistry registry) {
            Map<String, String> paths = EndpointRegistry.paths(properties);
            FilterRegistrationBean<EndpointDispatchFilter> registration =
                    new FilterRegistrationBean<>(new EndpointDispatchFilter(paths, registry));
            registration.setName("payhooksWebhookFilter");
            registration.setOrder(properties.getFilterOrder());
            registration.setAsyncSupported(true);
            if (paths.isEmpty()) {
                // No URL pattern would map the filter to /*: never do that.
                registration.setEnabled(false);
            } else {
                registration.setUrlPatterns(paths.keySet());
            }
            return registration;
        }
    }

    /**
     * The WebFlux filter for the endpoint paths in a reactive application (with
     * payhooks-spring-webflux), ahead of Spring Security's {@code WebFilterChainProxy}.
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = {"dev.payhooks.spring.webflux.WebhookWebFilter", "org.springframework.web.server.WebFilter"})
    public static class ReactiveFilterConfiguration {

        /** Created by Spring. */
        public ReactiveFilterConfiguration() {
        }

        /**
         * The filter: answers the endpoint paths only and passes every other request on; ordered
         * by {@code payhooks.filter-order} (default -110, Spring Security's chain is at -100).
         *
         * @param properties the properties
         * @param registry the endpoints
         * @return the filter
         */
        @Bean
        public EndpointDispatchWebFilter payhooksWebhookWebFilter(PayhooksProperties properties, EndpointRegistry registry) {
            return new EndpointDispatchWebFilter(EndpointRegistry.paths(properties), registry, properties.getFilterOrder());
        }
    }

    /**
     * Observations and meters from payhooks-micrometer, when it and a meter registry are present.
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.payhooks.micrometer.PayhooksObservability", "io.micrometer.core.instrument.MeterRegistry"})
    public static class MicrometerConfiguration {

        /** Created by Spring. */
        public MicrometerConfiguration() {
        }

        /**
         * Instruments each endpoint with the application's registries (none: nothing is recorded).
         *
         * @param meters the meter registry
         * @param observations the observation registry
         * @return the instrumentation
         */
        @Bean
        public MicrometerSupport payhooksMicrometer(ObjectProvider<MeterRegistry> meters,
                ObjectProvider<ObservationRegistry> observations) {
            return new MicrometerSupport(meters, observations);
        }
    }

    /**
     * The {@code payhooks} health indicator on Spring Boot 4 Actuator
     * ({@code management.health.payhooks.enabled=false} turns it off).
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.payhooks", name = "enabled", matchIfMissing = true)
    public static class HealthConfiguration {

        /** Created by Spring. */
        public HealthConfiguration() {
        }

        /**
         * The indicator.
         *
         * @param registry the endpoints
         * @param properties the thresholds
         * @return the indicator, named {@code payhooks}
         */
        @Bean
        @ConditionalOnMissingBean(name = "payhooksHealthIndicator")
        public PayhooksHealthIndicator payhooksHealthIndicator(EndpointRegistry registry, PayhooksProperties properties) {
            return new PayhooksHealthIndicator(new PayhooksHealth(registry, properties.getHealth(), Clock.systemUTC()));
        }
    }

    /**
     * The {@code payhooks} health indicator on Spring Boot 3.5 Actuator
     * ({@code management.health.payhooks.enabled=false} turns it off).
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.payhooks", name = "enabled", matchIfMissing = true)
    public static class Boot3HealthConfiguration {

        /** Created by Spring. */
        public Boot3HealthConfiguration() {
        }

        /**
         * The indicator.
         *
         * @param registry the endpoints
         * @param properties the thresholds
         * @return the indicator, named {@code payhooks}
         */
        @Bean
        @ConditionalOnMissingBean(name = "payhooksHealthIndicator")
        public Boot3PayhooksHealthIndicator payhooksHealthIndicator(EndpointRegistry registry, PayhooksProperties properties) {
            return new Boot3PayhooksHealthIndicator(new PayhooksHealth(registry, properties.getHealth(), Clock.systemUTC()));
        }
    }
}
