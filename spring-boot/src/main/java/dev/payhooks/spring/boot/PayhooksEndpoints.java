package dev.payhooks.spring.boot;

import dev.payhooks.WebhookReceiver;
import dev.payhooks.spi.Inbox;

import java.util.Optional;
import java.util.Set;

/**
 * The endpoints the starter built from {@code payhooks.endpoints.*}, as a bean: to inspect them, to
 * replay dead inbox rows from an administration page, or in tests.
 *
 * @since 0.1.0
 */
public interface PayhooksEndpoints {

    /**
     * The configured endpoint names.
     *
     * @return the names, in configuration order
     */
    Set<String> names();

    /**
     * The receiver of one endpoint.
     *
     * @param endpoint the endpoint's name
     * @return the receiver; empty for an unknown name
     */
    Optional<WebhookReceiver> receiver(String endpoint);

    /**
     * The inbox of one endpoint, in inbox mode.
     *
     * @param endpoint the endpoint's name
     * @return the inbox; empty for an unknown name or outside inbox mode
     */
    Optional<Inbox> inbox(String endpoint);
}
