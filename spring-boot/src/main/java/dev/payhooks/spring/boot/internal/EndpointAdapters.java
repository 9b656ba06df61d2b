package dev.payhooks.spring.boot.internal;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.spring.boot.PayhooksProperties;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Each endpoint's HTTP adapter (servlet filter or WebFlux filter), made on first use once the
 * endpoint's receiver exists, then kept: what both dispatch filters need.
 *
 * @param <F> the adapter
 */
final class EndpointAdapters<F> {

    private final EndpointRegistry registry;
    private final Map<String, F> adapters = new ConcurrentHashMap<>();

    EndpointAdapters(EndpointRegistry registry) {
        this.registry = registry;
    }

    /**
     * The endpoint's adapter, made with {@code factory} the first time.
     *
     * @param endpoint the endpoint's name
     * @param factory makes the adapter from the endpoint's receiver and properties
     * @return the adapter, or {@code null} while the endpoint's receiver is not built yet
     */
    F get(String endpoint, BiFunction<WebhookReceiver, PayhooksProperties.Endpoint, F> factory) {
        F adapter = adapters.get(endpoint);
        if (adapter != null) {
            return adapter;
        }
        Optional<WebhookReceiver> receiver = registry.receiver(endpoint);
        Optional<PayhooksProperties.Endpoint> properties = registry.endpointProperties(endpoint);
        if (receiver.isEmpty() || properties.isEmpty()) {
            return null;
        }
        return adapters.computeIfAbsent(endpoint, name -> factory.apply(receiver.get(), properties.get()));
    }
}
