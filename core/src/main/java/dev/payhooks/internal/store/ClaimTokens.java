package dev.payhooks.internal.store;

import dev.payhooks.spi.ClaimToken;

/**
 * The check payhooks' stores make of a token handed back to {@code complete} or {@code release}
 * before they spend a round trip on it.
 *
 * <p>Exported only to payhooks' store modules; not API.
 */
public final class ClaimTokens {

    /**
     * The longest token a store keeps (the jdbc {@code claim_token} columns' size); the tokens
     * {@link ClaimToken#random()} issues are shorter.
     */
    public static final int MAX_LENGTH = 64;

    private ClaimTokens() {
    }

    /**
     * Whether a token could be one the store issued. Those are short printable ASCII; anything
     * else cannot own a key or row, so the answer is a plain "no" without asking the backend (and
     * without binding a value it may reject: PostgreSQL refuses NUL in text, which would turn that
     * "no" into an outage).
     *
     * @param token the token
     * @return {@code false} when no key or row can carry it
     */
    public static boolean couldBeOurs(ClaimToken token) {
        String value = token.value();
        if (value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
