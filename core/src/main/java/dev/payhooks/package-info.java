/**
 * What a merchant application touches: {@link dev.payhooks.WebhookReceiver} (the pipeline that
 * verifies, decodes, filters, deduplicates, dispatches and answers), the raw
 * {@link dev.payhooks.WebhookRequest} an adapter builds, the {@link dev.payhooks.WebhookResponse}
 * it copies back, the verified {@link dev.payhooks.Event}, handlers, the
 * {@link dev.payhooks.ResponsePolicy}, secrets and tenants, and the exceptions a request can cause.
 *
 * <p><b>Null policy, the same in every payhooks package:</b> no public method accepts {@code null}
 * unless its Javadoc says so (it throws {@link java.lang.NullPointerException} naming the
 * parameter), and none returns {@code null}: a value that may be absent is returned as an
 * {@link java.util.Optional}, a collection that may be empty as an empty, unmodifiable collection.
 *
 * <p>Provider and store authors find their interfaces in {@link dev.payhooks.spi}, verifier
 * authors their toolkit in {@link dev.payhooks.spi.signature}, and users of asynchronous
 * processing the worker in {@link dev.payhooks.inbox}.
 *
 * @since 0.1.0
 */
package dev.payhooks;
