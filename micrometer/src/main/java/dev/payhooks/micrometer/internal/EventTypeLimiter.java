package dev.payhooks.micrometer.internal;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the event-type tag bounded: the first {@code max} distinct types are tagged as they are,
 * later ones as {@link #OTHER}. Types listed up front are always tagged and do not count. Each
 * distinct type is a new time series in every meter it tags, so without a bound one sender with a
 * valid secret (or, for schemes whose type header is not signed, anyone replaying one captured
 * body) could grow the metrics store without limit. Thread-safe; the bound holds exactly under
 * concurrent use.
 */
public final class EventTypeLimiter {

    /** The tag value of a type beyond the bound. */
    public static final String OTHER = "other";

    /** Longer types are not real provider types; they are tagged {@link #OTHER} and never admitted. */
    public static final int MAX_TYPE_LENGTH = 128;

    private final int max;
    private final Set<String> known;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /**
     * @param max how many distinct types beyond the known ones get their own tag value; at least 0
     * @param known types always tagged as they are
     */
    public EventTypeLimiter(int max, Collection<String> known) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be at least 0, was " + max);
        }
        this.max = max;
        this.known = Set.copyOf(known);
    }

    /**
     * The tag value for a verified event's type.
     *
     * @param type the type
     * @param mayAdmit whether a type not seen before may take a free slot; {@code false} for
     *                 deliveries that prove nothing new (a duplicate, an event in progress), whose
     *                 unsigned type header a replayer could have changed
     * @return the type, or {@link #OTHER}
     */
    public String tagFor(String type, boolean mayAdmit) {
        Objects.requireNonNull(type, "type");
        if (known.contains(type) || admitted.contains(type)) {
            return type;
        }
        if (!mayAdmit || type.length() > MAX_TYPE_LENGTH || admitted.size() >= max) {
            return OTHER;
        }
        synchronized (admitted) {
            if (admitted.contains(type)) {
                return type;
            }
            if (admitted.size() >= max) {
                return OTHER;
            }
            admitted.add(type);
            return type;
        }
    }

    /**
     * How many types took a slot.
     *
     * @return the count, at most {@code max}
     */
    public int admittedCount() {
        return admitted.size();
    }
}
