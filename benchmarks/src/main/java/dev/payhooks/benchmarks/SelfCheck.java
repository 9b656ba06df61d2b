package dev.payhooks.benchmarks;

import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;

import java.util.concurrent.Callable;

/**
 * Setup-time proof that a benchmarked call really verifies: before timing starts, each benchmark
 * runs its call on a tampered body, on a delivery signed with another secret and on a stale one,
 * and refuses to run unless every one is rejected (and the genuine delivery accepted). A
 * benchmark of a verifier that accepts anything would otherwise measure nothing.
 */
public final class SelfCheck {

    private SelfCheck() {
    }

    /**
     * Fails unless the call completes normally.
     *
     * @param what what the call is, for the message
     * @param call the call
     * @param <T> its result type
     * @return its result
     */
    public static <T> T accepts(String what, Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException("self-check failed: " + what + " rejected a genuine delivery ("
                    + e.getClass().getName() + ")", e);
        }
    }

    /**
     * Fails unless the call throws the expected exception type.
     *
     * @param what what the call is, for the message
     * @param expected the exception type a rejection throws
     * @param call the call
     */
    public static void rejects(String what, Class<? extends Exception> expected, Callable<?> call) {
        try {
            call.call();
        } catch (Exception e) {
            if (expected.isInstance(e)) {
                return;
            }
            throw new IllegalStateException("self-check failed: " + what + " threw " + e.getClass().getName()
                    + " instead of " + expected.getName(), e);
        }
        throw new IllegalStateException("self-check failed: " + what + " was accepted");
    }

    /**
     * Fails unless the call throws a payhooks verification exception with the expected reason.
     *
     * @param what what the call is, for the message
     * @param reason the expected reason code
     * @param call the call
     */
    public static void rejects(String what, RejectionReason reason, Callable<?> call) {
        try {
            call.call();
        } catch (WebhookVerificationException e) {
            if (e.reason() == reason) {
                return;
            }
            throw new IllegalStateException("self-check failed: " + what + " was rejected with " + e.reason()
                    + " instead of " + reason, e);
        } catch (Exception e) {
            throw new IllegalStateException("self-check failed: " + what + " threw " + e.getClass().getName(), e);
        }
        throw new IllegalStateException("self-check failed: " + what + " was accepted");
    }

    /**
     * Fails unless the condition holds.
     *
     * @param condition the condition
     * @param what what it means, for the message
     */
    public static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("self-check failed: " + what);
        }
    }

    /**
     * A copy of the body with one digit of its metadata changed: still valid JSON, same length,
     * but no longer what was signed.
     *
     * @param body the signed body
     * @return the tampered copy
     */
    public static byte[] tampered(byte[] body) {
        byte[] copy = body.clone();
        // The last digit in the body: part of an amount or of the padding, never structural.
        for (int i = copy.length - 1; i >= 0; i--) {
            if (copy[i] >= '0' && copy[i] <= '9') {
                copy[i] = (byte) (copy[i] == '9' ? '8' : copy[i] + 1);
                return copy;
            }
        }
        throw new IllegalArgumentException("the body has no digit to change");
    }
}
