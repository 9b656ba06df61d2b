package dev.payhooks.internal;

import dev.payhooks.WebhookRequest;

import java.util.function.Function;

/**
 * Gives code inside the core module the request's body array without a copy. Verifying a webhook
 * hashes every body byte once; copying the body first would double the memory traffic on the hot
 * path. The accessor is installed by {@link WebhookRequest}'s static initialiser, so it cannot be
 * replaced from outside, and this package is not exported.
 */
public final class RequestBodies {

    private static volatile Function<WebhookRequest, byte[]> accessor;

    private RequestBodies() {
    }

    /**
     * Called once by {@link WebhookRequest}.
     *
     * @param bodyAccessor returns the request's own array
     */
    public static void install(Function<WebhookRequest, byte[]> bodyAccessor) {
        if (accessor != null) {
            throw new IllegalStateException("the body accessor is installed once, by WebhookRequest");
        }
        accessor = bodyAccessor;
    }

    /**
     * The request's own body array. Callers must not modify or leak it.
     *
     * @param request the request
     * @return the body array, not a copy
     */
    public static byte[] of(WebhookRequest request) {
        Function<WebhookRequest, byte[]> installed = accessor;
        if (installed == null) {
            // Touching the class runs its static initialiser, which installs the accessor.
            request.bodyLength();
            installed = accessor;
        }
        return installed.apply(request);
    }
}
