package dev.payhooks.kafka.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the application's Kafka client settings with the ones payhooks' guarantees rest on, and
 * refuses a setting that would break them rather than silently overriding it.
 */
public final class ClientConfigs {

    /** The topic deliveries go to unless a builder says otherwise: the hand-off's, the worker's and the dead letters' default. */
    public static final String DEFAULT_TOPIC = "payhooks.deliveries";

    private ClientConfigs() {
    }

    /**
     * A topic or group name the builders accept: not null, not blank.
     *
     * @param value the name
     * @param name what it names, for the message
     * @return the name
     * @throws IllegalArgumentException when it is blank
     */
    public static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * The application's settings plus payhooks' own.
     *
     * @param user the application's settings (bootstrap servers, security, client id ...)
     * @param required the settings payhooks needs, with the reason shown when the application's differ
     * @param reason why the required settings matter, for the error message
     * @return a new map
     * @throws IllegalArgumentException when the application set one of them to another value
     */
    public static Map<String, Object> merge(Map<String, ?> user, Map<String, Object> required, String reason) {
        Map<String, Object> merged = new HashMap<>(Objects.requireNonNull(user, "config"));
        required.forEach((name, value) -> {
            Object given = merged.get(name);
            if (given != null && !String.valueOf(given).equals(String.valueOf(value))) {
                throw new IllegalArgumentException("Kafka setting '" + name + "' must be " + value + " (was " + given
                        + "): " + reason + "; remove it from the settings you pass");
            }
            merged.put(name, value);
        });
        if (!merged.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("the Kafka settings need 'bootstrap.servers' (host:port of one or more"
                    + " brokers); pass it in the settings map");
        }
        return merged;
    }
}
