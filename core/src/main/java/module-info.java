/**
 * payhooks core: the webhook receive pipeline (verify, decode, filter, deduplicate, dispatch,
 * answer), its service-provider interfaces and the in-memory idempotency store.
 *
 * <p>Knows no payment provider and no HTTP framework. Packages by audience:
 * {@code dev.payhooks} for merchants, {@code dev.payhooks.spi} for provider, store and adapter
 * authors, {@code dev.payhooks.spi.signature} for verifier authors, {@code dev.payhooks.inbox} for
 * asynchronous processing. {@code dev.payhooks.internal} is not exported.
 *
 * <p>{@code dev.payhooks.internal.http} holds what every HTTP adapter decides the same way (request
 * checks, media types, query strings, answer headers); it is exported only to payhooks' own
 * adapter modules and is not API. {@code dev.payhooks.internal.config} holds the checks every
 * builder makes of its durations and sizes, with one wording; it is exported only to payhooks' own
 * modules and is not API either; nor are {@code dev.payhooks.internal.retry}, the backoff
 * arithmetic the inbox processor and the Kafka worker share, and {@code dev.payhooks.internal.store},
 * what the jdbc and Redis stores decide the same way. ({@code module} warnings are
 * suppressed because a module named here is not present when core alone is compiled.)
 *
 * @since 0.1.0
 */
@SuppressWarnings("module")
module dev.payhooks {
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.payhooks;
    exports dev.payhooks.spi;
    exports dev.payhooks.spi.signature;
    exports dev.payhooks.inbox;
    exports dev.payhooks.internal.http to dev.payhooks.servlet, dev.payhooks.jaxrs, dev.payhooks.spring.webflux;
    exports dev.payhooks.internal.config to dev.payhooks.stripe, dev.payhooks.stripe.java, dev.payhooks.omise,
            dev.payhooks.hmac, dev.payhooks.jdbc, dev.payhooks.redis, dev.payhooks.kafka, dev.payhooks.micrometer,
            dev.payhooks.servlet, dev.payhooks.jaxrs, dev.payhooks.spring.webflux, dev.payhooks.spring.boot,
            dev.payhooks.testkit;
    exports dev.payhooks.internal.retry to dev.payhooks.kafka;
    exports dev.payhooks.internal.store to dev.payhooks.jdbc, dev.payhooks.redis;

    // WebhookProvider.installed() finds the provider modules (and class-path jars) by name.
    uses dev.payhooks.spi.WebhookProvider;
}
