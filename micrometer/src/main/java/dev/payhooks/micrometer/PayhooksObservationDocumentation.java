package dev.payhooks.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations payhooks makes, with their names and keys, in Micrometer's documentation form
 * (tools that generate observability docs read it). Low-cardinality keys become metric tags and
 * span attributes; high-cardinality keys become span attributes only, never metric tags.
 *
 * <p>Nothing a sender chose before its signature was verified is ever a key value: a rejected
 * delivery carries only the endpoint's own configuration, the outcome, the reason code and the
 * status.
 *
 * @since 0.1.0
 */
public enum PayhooksObservationDocumentation implements ObservationDocumentation {

    /**
     * One webhook delivery through a {@code WebhookReceiver}, from arrival to answer: named
     * {@code payhooks.webhook.receive}. A meter handler turns it into a timer of that name.
     */
    WEBHOOK_RECEIVE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultWebhookObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return WebhookLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return WebhookHighCardinalityKeys.values();
        }
    },

    /**
     * One attempt of an {@code InboxProcessor} at one inbox row, from claim to recorded result:
     * named {@code payhooks.inbox.attempt}. A meter handler turns it into a timer of that name.
     */
    INBOX_ATTEMPT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultInboxObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return InboxLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return InboxHighCardinalityKeys.values();
        }
    };

    /**
     * Metric tags of {@link #WEBHOOK_RECEIVE}.
     *
     * @since 0.1.0
     */
    public enum WebhookLowCardinalityKeys implements KeyName {
        /** The receiver's provider ({@code stripe}, {@code omise}, ...). */
        PROVIDER("provider"),
        /** The endpoint's name, as configured (by default the provider). */
        ENDPOINT("endpoint"),
        /** The {@code Outcome} ({@code HANDLED}, {@code REJECTED}, ...), or {@code ABORTED} when an Error escaped. */
        OUTCOME("outcome"),
        /** The {@code RejectionReason} of a rejected delivery, else {@code none}. */
        REASON("reason"),
        /** The HTTP status answered ({@code 200}, {@code 401}, ...), or {@code none} when aborted. */
        STATUS("status"),
        /**
         * The type of a verified event, {@code other} once the configured number of distinct types
         * is reached, or {@code none} when no event was verified.
         */
        EVENT_TYPE("event.type");

        private final String key;

        WebhookLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /**
     * Span attributes of {@link #WEBHOOK_RECEIVE}, present only for a verified event.
     *
     * @since 0.1.0
     */
    public enum WebhookHighCardinalityKeys implements KeyName {
        /** The provider's event id. */
        EVENT_ID("payhooks.event.id"),
        /** The tenant whose secret verified the delivery (multi-tenant endpoints only). */
        TENANT("payhooks.tenant");

        private final String key;

        WebhookHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /**
     * Metric tags of {@link #INBOX_ATTEMPT}.
     *
     * @since 0.1.0
     */
    public enum InboxLowCardinalityKeys implements KeyName {
        /** The row's provider. */
        PROVIDER("provider"),
        /** The row's event type, or {@code other} beyond the configured number of distinct types. */
        EVENT_TYPE("event.type"),
        /** How the attempt ended: {@code SUCCEEDED}, {@code RETRY_SCHEDULED}, {@code DEAD} or {@code ABORTED}. */
        OUTCOME("outcome");

        private final String key;

        InboxLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /**
     * Span attributes of {@link #INBOX_ATTEMPT}.
     *
     * @since 0.1.0
     */
    public enum InboxHighCardinalityKeys implements KeyName {
        /** The provider's event id. */
        EVENT_ID("payhooks.event.id"),
        /** The row's tenant, when it has one. */
        TENANT("payhooks.tenant"),
        /** The inbox's id for the row. */
        ROW("payhooks.inbox.row"),
        /** The attempt's number, from 1. */
        ATTEMPT("payhooks.inbox.attempt");

        private final String key;

        InboxHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
