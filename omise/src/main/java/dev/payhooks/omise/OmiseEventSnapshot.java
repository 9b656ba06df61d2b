package dev.payhooks.omise;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an event fetched back from Omise's API that are compared with the delivered event.
 *
 * @param id the event id ({@code evnt_...})
 * @param key the event key ({@code charge.complete})
 * @param livemode whether the event is from live mode
 * @param dataId the id of the event's data object ({@code chrg_...}); empty when it has none
 *
 * @since 0.1.0
 */
public record OmiseEventSnapshot(String id, String key, boolean livemode, String dataId) {

    /**
     * Validates.
     *
     * @param id the event id
     * @param key the event key
     * @param livemode whether the event is from live mode
     * @param dataId the data object's id; {@code null} or empty when it has none
     */
    public OmiseEventSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        dataId = dataId == null ? "" : dataId;
    }

    /**
     * The data object's id.
     *
     * @return the id, or empty when the event has none
     */
    public Optional<String> dataObjectId() {
        return dataId.isEmpty() ? Optional.empty() : Optional.of(dataId);
    }
}
