package dev.payhooks.stripe.java.internal;

import com.stripe.Stripe;

/**
 * What the stripe-java on the class path says about itself, read when this class loads.
 *
 * <p>{@code Stripe.API_VERSION} and {@code Stripe.VERSION} are compile-time constants: a plain reference
 * would be copied into this module's class files by javac, and a merchant running another stripe-java
 * release than the one payhooks was built with would be compared against the wrong version. Reading
 * the fields reflectively takes them from the stripe-java that is actually loaded.
 */
public final class StripeJavaVersions {

    private static final String API_VERSION = constant("API_VERSION");
    private static final String LIBRARY_VERSION = constant("VERSION");

    private StripeJavaVersions() {
    }

    /**
     * The Stripe API version the loaded stripe-java's model classes were generated for.
     *
     * @return for example {@code 2024-12-18.acacia}
     */
    public static String apiVersion() {
        return API_VERSION;
    }

    /**
     * The loaded stripe-java's own release.
     *
     * @return for example {@code 28.2.0}
     */
    public static String libraryVersion() {
        return LIBRARY_VERSION;
    }

    /**
     * The version without the beta suffixes a request may carry ({@code 2024-12-18.acacia; x_beta=v1}):
     * a delivered event never has them, so they take no part in a comparison.
     *
     * @param version an API version
     * @return the version up to the first {@code ;}, trimmed
     */
    public static String withoutBetas(String version) {
        int semicolon = version.indexOf(';');
        return (semicolon < 0 ? version : version.substring(0, semicolon)).strip();
    }

    private static String constant(String name) {
        try {
            Object value = Stripe.class.getField(name).get(null);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
            throw new IllegalStateException("com.stripe.Stripe." + name + " is not a non-empty string on this class path");
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("com.stripe.Stripe." + name + " cannot be read: is this a complete stripe-java jar?",
                    e);
        }
    }
}
