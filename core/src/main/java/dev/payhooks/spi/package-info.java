/**
 * What a provider, store or adapter author implements or calls: the
 * {@link dev.payhooks.spi.SignatureVerifier} and {@link dev.payhooks.spi.EventDecoder} of a
 * provider, bundled as a {@link dev.payhooks.spi.WebhookSource}; the
 * {@link dev.payhooks.spi.IdempotencyStore} protocol (claim, complete, release) with its keys,
 * tokens and results; the {@link dev.payhooks.spi.Inbox} of verified deliveries and its rows; and
 * {@link dev.payhooks.spi.JsonEventDecoder}, the configurable JSON envelope decoder most providers
 * are built from.
 *
 * <p>Every provider module follows one template built from this package: a facade
 * ({@code StripeWebhooks}) whose builder extends {@link dev.payhooks.spi.WebhookSourceBuilder}
 * (secrets, rotation, tenants, tolerance, JSON limits); a verifier that gets its keys from
 * {@link dev.payhooks.spi.SigningKeys} (one secret lookup, one key cache, one error contract); a
 * {@link dev.payhooks.spi.WebhookSigner} for tests; and a {@link dev.payhooks.spi.WebhookProvider}
 * service, so tools find the provider by name.
 *
 * <p>Every HTTP adapter's builder extends {@link dev.payhooks.spi.HttpAdapterBuilder} (body limit,
 * content types, read deadline), or {@link dev.payhooks.spi.RoutingAdapterBuilder} when its filter
 * sees every request and answers only the webhook paths, so the intake options have one name, one
 * default and one check on every HTTP stack, and a third-party adapter gets them the same way.
 *
 * <p>A merchant uses this package only to pick a store ({@code IdempotencyStore.inMemory()}, or a
 * shared one from payhooks-jdbc), an inbox, or a signer in tests. The null policy is the library's:
 * see {@link dev.payhooks}.
 *
 * @since 0.1.0
 */
package dev.payhooks.spi;
