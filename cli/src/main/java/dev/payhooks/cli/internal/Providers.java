package dev.payhooks.cli.internal;

import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The providers the command speaks: every {@link WebhookProvider} on the class path, found by name.
 * The command never implements a scheme itself, so what it verifies is what the library verifies,
 * and a provider jar added to the class path works without a change here.
 */
public final class Providers {

    /**
     * A window so wide that no real timestamp falls outside it: how {@code --no-timestamp-check}
     * keeps every other check of a timestamped scheme (the library refuses to disable them).
     */
    static final Duration NO_TIMESTAMP_CHECK = Duration.ofDays(365L * 100_000);

    private Providers() {
    }

    /**
     * The provider for a command-line name.
     *
     * @param name the name, case-insensitive
     * @return the provider
     * @throws IllegalArgumentException naming the installed providers
     */
    public static WebhookProvider named(String name) {
        return WebhookProvider.named(Objects.requireNonNull(name, "name")).orElseThrow(() ->
                new IllegalArgumentException("unknown provider '" + name + "'; use one of " + String.join(", ", names())));
    }

    /**
     * The installed providers' names, sorted.
     *
     * @return the names
     */
    public static List<String> names() {
        return WebhookProvider.installed().stream().map(WebhookProvider::name).collect(Collectors.toList());
    }

    /**
     * The library's source for a provider with these secrets.
     *
     * @param provider the provider
     * @param secrets the secrets, exactly as the provider shows them; at least one
     * @param tolerance the timestamp window, or empty for the provider's default
     * @param timestampCheck {@code false} to accept any timestamp age (replaying a capture)
     * @return the source
     * @throws IllegalArgumentException when the scheme rejects a secret
     */
    public static WebhookSource source(WebhookProvider provider, List<String> secrets, Optional<Duration> tolerance,
                                       boolean timestampCheck) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give the signing secret with --secret (twice during a rotation)");
        }
        Tolerance window = provider.defaultTolerance();
        if (window.isEnabled()) {
            // Schemes without a timestamp have nothing to widen: the options only apply to the others.
            window = timestampCheck ? tolerance.map(Tolerance::of).orElse(window) : Tolerance.of(NO_TIMESTAMP_CHECK);
        }
        return provider.source(SecretResolver.of(secrets.toArray(String[]::new)), window);
    }

    /**
     * The headers a delivery of this body carries, signed with every secret.
     *
     * @param provider the provider
     * @param secrets the secrets
     * @param body the body
     * @param signedAt the signing time
     * @param messageId the message id (schemes with an id header); ignored otherwise
     * @param eventType the event type, sent as a header by providers that carry it there, or empty
     * @return header names to values, in the order the provider sends them
     * @throws IllegalArgumentException when the scheme rejects a secret
     */
    public static Map<String, String> sign(WebhookProvider provider, List<String> secrets, byte[] body, Instant signedAt,
                                           String messageId, Optional<String> eventType) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("give the signing secret with --secret");
        }
        Map<String, String> headers = new LinkedHashMap<>(provider.signer(secrets).headers(body, signedAt, messageId));
        eventType.ifPresent(type -> headers.putAll(provider.eventTypeHeaders(type)));
        return headers;
    }
}
