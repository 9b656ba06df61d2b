/**
 * payhooks core: the webhook receive pipeline (verify, decode, filter, deduplicate, dispatch,
 * answer), its service-provider interfaces and the in-memory idempotency store.
 *
 * <p>Knows no payment provider and no HTTP framework. {@code dev.payhooks.spi} holds the small
 * toolkit that signature verifiers are built from (HMAC keys, timestamp rules, header parsing);
 * {@code dev.payhooks.internal} is not exported.
 */
module dev.payhooks {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.payhooks;
    exports dev.payhooks.spi;
}
