package dev.payhooks.spi;

import dev.payhooks.internal.CoreAccess;
import java.nio.ByteBuffer;
import dev.payhooks.WebhookRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One verified delivery stored in an {@link Inbox}, as a worker or an operator sees it: the raw
 * body and headers, the envelope, and the processing state. Immutable.
 *
 * <p>{@link #toString()} shows the envelope and state only; the body may hold personal data.
 *
 * @since 0.1.0
 */
public final class InboxMessage {

    /**
     * Processing state of a stored delivery.
     *
     * @since 0.1.0
     */
    public enum Status {
        /** Waiting for its next attempt. */
        PENDING,
        /** Claimed by a worker whose lease has not necessarily expired. */
        RUNNING,
        /** The handlers succeeded. */
        DONE,
        /** Every attempt failed; kept for inspection and replay. */
        DEAD
    }

    private final String id;
    private final String provider;
    private final String tenant;
    private final String idempotencyKey;
    private final String eventId;
    private final String eventType;
    private final Instant receivedAt;
    private final byte[] body;
    private final Map<String, List<String>> headers;
    private final Status status;
    private final int attempts;
    private final String lastError;
    private final ClaimToken claimToken;

    private InboxMessage(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.tenant = b.tenant == null ? "" : b.tenant;
        this.idempotencyKey = Objects.requireNonNull(b.idempotencyKey, "idempotencyKey");
        this.eventId = Objects.requireNonNull(b.eventId, "eventId");
        this.eventType = Objects.requireNonNull(b.eventType, "eventType");
        this.receivedAt = Objects.requireNonNull(b.receivedAt, "receivedAt");
        this.body = b.bodyShared ? Objects.requireNonNull(b.body, "body") : Objects.requireNonNull(b.body, "body").clone();
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Map.copyOf(copy);
        this.status = Objects.requireNonNull(b.status, "status");
        this.attempts = b.attempts;
        this.lastError = b.lastError;
        this.claimToken = b.claimToken;
    }

    /**
     * A builder, for {@link Inbox} implementations.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this message's values, for inbox implementations that change its state.
     *
     * @return a pre-filled builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.provider = provider;
        b.tenant = tenant;
        b.idempotencyKey = idempotencyKey;
        b.eventId = eventId;
        b.eventType = eventType;
        b.receivedAt = receivedAt;
        b.body = body;
        b.headers.putAll(headers);
        b.status = status;
        b.attempts = attempts;
        b.lastError = lastError;
        b.claimToken = claimToken;
        return b;
    }

    /** {@return the inbox's id for this row} */
    public String id() {
        return id;
    }

    /** {@return the provider's short name} */
    public String provider() {
        return provider;
    }

    /** {@return the tenant, or {@code ""} for single-tenant endpoints} */
    public String tenant() {
        return tenant;
    }

    /** {@return the key the delivery was deduplicated by} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return the provider's event id} */
    public String eventId() {
        return eventId;
    }

    /** {@return the event type} */
    public String eventType() {
        return eventType;
    }

    /** {@return when the delivery was stored} */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** {@return a copy of the verified raw body} */
    public byte[] body() {
        return body.clone();
    }

    /**
     * A read-only view of the verified raw body, without copying it (for an inbox that streams it
     * into its storage).
     *
     * @return a read-only buffer positioned at the start of the body
     */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** {@return the delivery's headers, lower-case names} */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** {@return the processing state} */
    public Status status() {
        return status;
    }

    /** {@return how many attempts have started (including a running one)} */
    public int attempts() {
        return attempts;
    }

    /** {@return the last failure (exception class and message), or empty} */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** {@return the token of the worker holding the message, when it is {@link Status#RUNNING}} */
    public Optional<ClaimToken> claimToken() {
        return Optional.ofNullable(claimToken);
    }

    /**
     * The stored delivery as a request, for decoding it again in a worker.
     *
     * @return a request with the stored body and headers
     */
    public WebhookRequest toRequest() {
        // Both are immutable and neither leaks the array: the request shares this row's body.
        WebhookRequest.Builder request = CoreAccess.request().builderOwning(body);
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return request.build();
    }

    @Override
    public String toString() {
        return "InboxMessage[id=" + id + ", provider=" + provider + (tenant.isEmpty() ? "" : ", tenant=" + tenant)
                + ", event=" + eventId + " " + eventType + ", status=" + status + ", attempts=" + attempts + "]";
    }

    /**
     * Builds an {@link InboxMessage}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String id;
        private String provider;
        private String tenant = "";
        private String idempotencyKey;
        private String eventId;
        private String eventType;
        private Instant receivedAt;
        private byte[] body;
        private boolean bodyShared;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Status status = Status.PENDING;
        private int attempts;
        private String lastError;
        private ClaimToken claimToken;

        private Builder() {
        }

        /**
         * Sets the inbox's id of this message.
         *
         * @param id the row id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the provider name.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /**
         * Sets the tenant; {@code ""} when the source has no tenants.
         *
         * @param tenant the tenant or {@code ""}
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /**
         * Sets the deduplication key.
         *
         * @param key the deduplication key
         * @return this builder
         */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        /**
         * Sets the event id.
         *
         * @param eventId the event id
         * @return this builder
         */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        /**
         * Sets the event type.
         *
         * @param eventType the event type
         * @return this builder
         */
        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /**
         * Sets when the delivery was stored in the inbox.
         *
         * @param receivedAt when stored
         * @return this builder
         */
        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        /**
         * Sets the raw body; {@link #build()} copies it.
         *
         * @param body the raw body (copied at build)
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body;
            this.bodyShared = false;
            return this;
        }

        /**
         * The body of a verified request, shared rather than copied: the request is immutable and
         * never lets its array out.
         *
         * @param request the request whose body this row keeps
         * @return this builder
         */
        public Builder body(WebhookRequest request) {
            this.body = CoreAccess.request().body(Objects.requireNonNull(request, "request"));
            this.bodyShared = true;
            return this;
        }

        /**
         * Sets the headers to keep.
         *
         * @param headers the headers to keep
         * @return this builder
         */
        public Builder headers(Map<String, List<String>> headers) {
            this.headers.clear();
            this.headers.putAll(headers);
            return this;
        }

        /**
         * Sets the processing state.
         *
         * @param status the state
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        /**
         * Sets how many processing attempts have started.
         *
         * @param attempts attempts started
         * @return this builder
         */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets the last failure, or {@code null}.
         *
         * @param lastError the last failure, or {@code null}
         * @return this builder
         */
        public Builder lastError(String lastError) {
            this.lastError = lastError;
            return this;
        }

        /**
         * Sets the running worker's token, or {@code null}.
         *
         * @param claimToken the running worker's token, or {@code null}
         * @return this builder
         */
        public Builder claimToken(ClaimToken claimToken) {
            this.claimToken = claimToken;
            return this;
        }

        /** {@return the message} */
        public InboxMessage build() {
            return new InboxMessage(this);
        }
    }
}
