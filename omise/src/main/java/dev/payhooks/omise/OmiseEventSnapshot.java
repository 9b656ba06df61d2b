package dev.payhooks.omise;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an event fetched back from Omise's API that are compared with the delivered event.
 * Immutable.
 *
 * <pre>{@code
 * OmiseEventSnapshot.of(event.id(), event.key(), event.livemode(), Optional.ofNullable(event.dataId()))
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OmiseEventSnapshot {

    private final String id;
    private final String key;
    private final boolean livemode;
    private final String dataId;

    private OmiseEventSnapshot(String id, String key, boolean livemode, String dataId) {
        this.id = Objects.requireNonNull(id, "id");
        this.key = Objects.requireNonNull(key, "key");
        this.livemode = livemode;
        this.dataId = dataId;
    }

    /**
     * A snapshot.
     *
     * @param id the event id ({@code evnt_...})
     * @param key the event key ({@code charge.complete})
     * @param livemode whether the event is from live mode
     * @param dataId the id of the event's data object ({@code chrg_...}), or empty when it has none
     * @return the snapshot
     */
    public static OmiseEventSnapshot of(String id, String key, boolean livemode, Optional<String> dataId) {
        return new OmiseEventSnapshot(id, key, livemode, Objects.requireNonNull(dataId, "dataId").orElse(null));
    }

    /**
     * The event id.
     *
     * @return {@code evnt_...}
     */
    public String id() {
        return id;
    }

    /**
     * The event key.
     *
     * @return e.g. {@code charge.complete}
     */
    public String key() {
        return key;
    }

    /**
     * Whether the event is from live mode.
     *
     * @return {@code true} for live mode
     */
    public boolean livemode() {
        return livemode;
    }

    /**
     * The data object's id.
     *
     * @return the id, or empty when the event has none
     */
    public Optional<String> dataId() {
        return Optional.ofNullable(dataId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OmiseEventSnapshot that && id.equals(that.id) && key.equals(that.key)
                && livemode == that.livemode && Objects.equals(dataId, that.dataId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, key, livemode, dataId);
    }

    @Override
    public String toString() {
        return "OmiseEventSnapshot[id=" + id + ", key=" + key + ", livemode=" + livemode + ", dataId=" + dataId + "]";
    }
}
