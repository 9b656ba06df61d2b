package dev.payhooks.spi;

import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * A provider, as a service that tools find by name: the {@code payhooks} command, test kits and
 * frameworks that configure receivers from properties. Each provider module registers its
 * providers ({@code provides dev.payhooks.spi.WebhookProvider with ...} in its {@code module-info},
 * and a {@code META-INF/services/dev.payhooks.spi.WebhookProvider} file for the class path), so a
 * jar for a provider payhooks does not ship works the same way:
 *
 * <pre>{@code
 * // in acme-payhooks.jar, listed in META-INF/services/dev.payhooks.spi.WebhookProvider
 * public final class AcmeProvider implements WebhookProvider {
 *     public String name() { return "acme"; }
 *     ...
 * }
 * // then: payhooks verify --provider acme --secret ... --header ... --body-file body.json
 * WebhookSource source = WebhookProvider.named("acme").orElseThrow()
 *         .source(SecretResolver.of(secret), provider.defaultTolerance());
 * }</pre>
 *
 * <p>Implementations have a public no-argument constructor and are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface WebhookProvider {

    /**
     * The provider's short name: lower case, as on a command line and in {@link WebhookSource#provider()}.
     *
     * @return e.g. {@code "stripe"}, {@code "standard-webhooks"}
     */
    String name();

    /**
     * The tolerance a source gets when none is configured.
     *
     * @return the default; {@link Tolerance#disabledForSchemesWithoutTimestamps() disabled} exactly
     *         when the scheme signs no timestamp
     */
    Tolerance defaultTolerance();

    /**
     * A source for these secrets, as the provider module's builder makes it.
     *
     * @param secrets the secrets (fixed, rotating or per tenant)
     * @param tolerance the timestamp window; {@link #defaultTolerance()} for the provider's own
     * @return the source
     * @throws IllegalArgumentException when a fixed secret is unusable, or the tolerance does not
     *         fit the scheme
     */
    WebhookSource source(SecretResolver secrets, Tolerance tolerance);

    /**
     * A signer for these secrets; with several, one signature per secret, as during a rotation.
     *
     * @param secrets the secrets exactly as the provider shows them; at least one
     * @return the signer
     * @throws IllegalArgumentException when a secret is unusable, or the scheme's header holds one
     *         signature and several secrets are given
     */
    WebhookSigner signer(List<String> secrets);

    /**
     * The headers a delivery needs besides its body, signature header first: what someone who
     * captured a request must pass on for it to verify.
     *
     * @return the header names, e.g. {@code [Stripe-Signature]}
     */
    List<String> deliveryHeaders();

    /**
     * The header carrying the delivery's message id, for schemes that have one.
     *
     * @return e.g. {@code webhook-id}; empty for schemes without (the default)
     */
    default Optional<String> messageIdHeader() {
        return Optional.empty();
    }

    /**
     * Headers that carry the event type, for providers that send it in a header rather than the
     * body (GitHub's {@code X-GitHub-Event}).
     *
     * @param eventType the event type
     * @return header names to values; empty when the type is in the body (the default)
     */
    default Map<String, String> eventTypeHeaders(String eventType) {
        Objects.requireNonNull(eventType, "eventType");
        return Map.of();
    }

    /**
     * An event type the provider really sends, for samples.
     *
     * @return e.g. {@code "refund.failed"}
     */
    String sampleEventType();

    /**
     * A fresh event or message id in the provider's style, for samples.
     *
     * @return e.g. {@code evt_...}; a random UUID by default
     */
    default String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A realistic event body of this type, shaped as the provider sends it.
     *
     * @param type the event type
     * @param id the event id (schemes that carry the id in a header may leave it out of the body)
     * @param created the creation instant
     * @param livemode whether the event claims live mode
     * @return the JSON body
     */
    byte[] sampleEvent(String type, String id, Instant created, boolean livemode);

    /**
     * The providers on the module or class path, sorted by name.
     *
     * @return the providers found by {@link ServiceLoader}
     * @throws java.util.ServiceConfigurationError when a registered provider cannot be loaded
     */
    static List<WebhookProvider> installed() {
        List<WebhookProvider> providers = new ArrayList<>();
        for (WebhookProvider provider : ServiceLoader.load(WebhookProvider.class)) {
            providers.add(provider);
        }
        providers.sort(Comparator.comparing(WebhookProvider::name));
        return List.copyOf(providers);
    }

    /**
     * The installed provider with this name.
     *
     * @param name the name, case-insensitive
     * @return the provider, or empty when none is installed under that name
     */
    static Optional<WebhookProvider> named(String name) {
        String wanted = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        for (WebhookProvider provider : installed()) {
            if (provider.name().equals(wanted)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }
}
