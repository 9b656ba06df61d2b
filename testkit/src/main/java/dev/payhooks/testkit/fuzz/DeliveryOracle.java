package dev.payhooks.testkit.fuzz;

import dev.payhooks.WebhookRequest;

/**
 * A fuzz target's independent statement of what a valid delivery is, written from the provider's
 * documentation and computed with the JDK (for example with
 * {@link dev.payhooks.testkit.ReferenceHmac}), never with the code under test. The checks in
 * {@link FuzzChecks} call it for every request the code under test accepts: if the code accepts a
 * request the oracle does not, the target fails.
 *
 * <pre>{@code
 * DeliveryOracle stripe = request -> {
 *     // docs.stripe.com/webhooks, "Verify manually": t within 300 s, v1 = HMAC-SHA256(secret, t + "." + body)
 *     ...
 *     assertThat(entries).contains("v1=" + ReferenceHmac.sha256Hex(secret, t + ".", request.body()));
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeliveryOracle {

    /**
     * Passes if the request is a valid delivery.
     *
     * @param request a request the code under test accepted
     * @throws AssertionError if, by the oracle's reading, the request should have been rejected
     */
    void assertValid(WebhookRequest request);
}
