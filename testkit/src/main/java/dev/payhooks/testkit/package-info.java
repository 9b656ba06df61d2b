/**
 * Helpers for tests of code that uses payhooks: {@link dev.payhooks.testkit.MutableClock} (time is
 * a {@link java.time.Clock}, never a sleep), {@link dev.payhooks.testkit.LogCapture} (prove that
 * nothing secret reaches a log), {@link dev.payhooks.testkit.TestScheme} (a small HMAC signature
 * scheme with its own signer, so a pipeline can be tested without a provider module) and
 * {@link dev.payhooks.testkit.ReferenceHmac} (expected MACs computed straight from the JDK).
 *
 * <p>The store and inbox contracts are in {@link dev.payhooks.testkit.contract}; the fuzz-target
 * harness is in {@link dev.payhooks.testkit.fuzz}.
 *
 * <p><b>Null policy, the same in every payhooks package:</b> no public method accepts {@code null}
 * unless its Javadoc says so (it throws {@link java.lang.NullPointerException} naming the
 * parameter), and none returns {@code null}: a value that may be absent is returned as an
 * {@link java.util.Optional}, a collection that may be empty as an empty, unmodifiable collection.
 *
 * @since 0.1.0
 */
package dev.payhooks.testkit;
