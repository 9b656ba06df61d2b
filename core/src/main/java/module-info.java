/**
 * payhooks core: the webhook receive pipeline (verify, decode, filter, deduplicate, dispatch,
 * answer), its service-provider interfaces and the in-memory idempotency store.
 *
 * <p>Knows no payment provider and no HTTP framework. Packages by audience:
 * {@code dev.payhooks} for merchants, {@code dev.payhooks.spi} for provider, store and adapter
 * authors, {@code dev.payhooks.spi.signature} for verifier authors, {@code dev.payhooks.inbox} for
 * asynchronous processing. {@code dev.payhooks.internal} is not exported.
 *
 * @since 0.1.0
 */
module dev.payhooks {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.payhooks;
    exports dev.payhooks.spi;
    exports dev.payhooks.spi.signature;
    exports dev.payhooks.inbox;

    // WebhookProvider.installed() finds the provider modules (and class-path jars) by name.
    uses dev.payhooks.spi.WebhookProvider;
}
