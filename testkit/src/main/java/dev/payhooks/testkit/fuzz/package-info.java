/**
 * The harness of payhooks' fuzz targets, for anyone who writes one for a verifier or an adapter:
 * a {@link dev.payhooks.testkit.fuzz.RequestTemplate} turns the fuzzer's bytes into a readable
 * request whose placeholders become correct (or deliberately wrong) signatures, so the fuzzer can
 * reach the code behind a valid signature; a {@link dev.payhooks.testkit.fuzz.DeliveryOracle} is
 * the test's independent statement of what a valid delivery is; and
 * {@link dev.payhooks.testkit.fuzz.FuzzChecks} holds the checks every target makes: only the
 * documented exception, never a 5xx, a handler only for a delivery the oracle accepts, no secret
 * or signature in a message.
 *
 * <p>Nothing here depends on a fuzzing engine: a target takes {@code byte[]}, so the same methods
 * run under Jazzer's {@code @FuzzTest}, under a seeded random loop, or on one committed input.
 *
 * <p>Null policy as in {@link dev.payhooks.testkit}: no method accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
package dev.payhooks.testkit.fuzz;
