package dev.payhooks;

/**
 * Whether an event comes from the provider's live or test environment.
 *
 * @since 0.1.0
 */
public enum Mode {
    /** Real money. */
    LIVE,
    /** Test or sandbox mode. */
    TEST,
    /** The event does not say. */
    UNKNOWN
}
