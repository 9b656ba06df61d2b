package dev.payhooks.kafka.internal;

import dev.payhooks.spi.InboxMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a handed-off delivery is laid out in a Kafka record: the key is the ordering key, the value
 * the verified raw body, and the envelope travels in record headers (so a consumer finds the event
 * id and type without parsing the body, and the body stays byte-for-byte what the provider sent).
 * The delivery's kept HTTP headers are record headers named {@code payhooks-h-<name>}; signature
 * and credential headers never reach here (the receiver drops them before the hand-off).
 */
public final class DeliveryRecords {

    /** Provider short name. */
    public static final String PROVIDER = "payhooks-provider";
    /** Tenant; absent for single-tenant endpoints. */
    public static final String TENANT = "payhooks-tenant";
    /** The key the delivery is deduplicated by. */
    public static final String IDEMPOTENCY_KEY = "payhooks-idempotency-key";
    /** Provider's event id. */
    public static final String EVENT_ID = "payhooks-event-id";
    /** Event type. */
    public static final String EVENT_TYPE = "payhooks-event-type";
    /** When the receiver accepted it, ISO-8601. */
    public static final String RECEIVED_AT = "payhooks-received-at";
    /** Prefix of a kept HTTP header. */
    public static final String HTTP_HEADER_PREFIX = "payhooks-h-";
    /** Dead letters: the last failure (class and message, never the body). */
    public static final String ERROR = "payhooks-dead-error";
    /** Dead letters: attempts made. */
    public static final String ATTEMPTS = "payhooks-dead-attempts";
    /** Dead letters: where the record was read from, {@code topic-partition@offset}. */
    public static final String ORIGIN = "payhooks-dead-origin";
    /** Dead letters: when the worker gave up, ISO-8601. */
    public static final String DEAD_AT = "payhooks-dead-at";

    private DeliveryRecords() {
    }

    /**
     * The record for a delivery.
     *
     * @param topic the topic
     * @param key the ordering key
     * @param message the delivery
     * @return the record
     */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, String key, InboxMessage message) {
        Headers headers = new RecordHeaders();
        add(headers, PROVIDER, message.provider());
        if (!message.tenant().isEmpty()) {
            add(headers, TENANT, message.tenant());
        }
        add(headers, IDEMPOTENCY_KEY, message.idempotencyKey());
        add(headers, EVENT_ID, message.eventId());
        add(headers, EVENT_TYPE, message.eventType());
        add(headers, RECEIVED_AT, message.receivedAt().toString());
        message.headers().forEach((name, values) -> values.forEach(value -> add(headers, HTTP_HEADER_PREFIX + name, value)));
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), message.body(), headers);
    }

    /**
     * The delivery a record carries.
     *
     * @param record a record written by {@link #toRecord} (or a dead letter made from one)
     * @param attempts attempts started, including the one about to run
     * @return the delivery, with id {@code topic-partition@offset}
     * @throws IllegalArgumentException when the record lacks the envelope headers (it was not
     *         written by payhooks)
     */
    public static InboxMessage toMessage(ConsumerRecord<byte[], byte[]> record, int attempts) {
        Map<String, List<String>> http = new LinkedHashMap<>();
        String error = null;
        for (Header header : record.headers()) {
            if (header.key().startsWith(HTTP_HEADER_PREFIX)) {
                http.computeIfAbsent(header.key().substring(HTTP_HEADER_PREFIX.length()), k -> new ArrayList<>()).add(text(header));
            } else if (header.key().equals(ERROR)) {
                error = text(header);
            }
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("record " + origin(record) + " has no value; payhooks records carry the body");
        }
        Instant received;
        try {
            received = Instant.parse(required(record, RECEIVED_AT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("record " + origin(record) + " has an unreadable " + RECEIVED_AT + " header", e);
        }
        return InboxMessage.builder().id(origin(record)).provider(required(record, PROVIDER))
                .tenant(optional(record, TENANT)).idempotencyKey(required(record, IDEMPOTENCY_KEY))
                .eventId(required(record, EVENT_ID)).eventType(required(record, EVENT_TYPE)).receivedAt(received)
                .body(record.value()).headers(http).attempts(attempts).lastError(error)
                .status(error == null ? InboxMessage.Status.RUNNING : InboxMessage.Status.DEAD).build();
    }

    /**
     * A record's place, {@code topic-partition@offset}.
     *
     * @param record the record
     * @return its origin
     */
    public static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * The dead letter for a record: same key, body and headers, plus why it died.
     *
     * @param deadTopic the dead-letter topic
     * @param record the failed record
     * @param attempts attempts made
     * @param error the last failure
     * @param deadAt when the worker gave up
     * @return the dead letter
     */
    public static ProducerRecord<byte[], byte[]> toDeadLetter(String deadTopic, ConsumerRecord<byte[], byte[]> record,
                                                              int attempts, String error, Instant deadAt) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("payhooks-dead-")) {
                headers.add(header.key(), header.value());
            }
        }
        add(headers, ERROR, error);
        add(headers, ATTEMPTS, Integer.toString(attempts));
        add(headers, ORIGIN, origin(record));
        add(headers, DEAD_AT, deadAt.toString());
        return new ProducerRecord<>(deadTopic, null, record.key(), record.value(), headers);
    }

    /**
     * The record that replays a dead letter onto the deliveries topic: same key, body and
     * envelope, without the dead-letter headers.
     *
     * @param topic the deliveries topic
     * @param dead the dead letter
     * @return the record
     */
    public static ProducerRecord<byte[], byte[]> toReplay(String topic, ConsumerRecord<byte[], byte[]> dead) {
        Headers headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith("payhooks-dead-")) {
                headers.add(header.key(), header.value());
            }
        }
        return new ProducerRecord<>(topic, null, dead.key(), dead.value(), headers);
    }

    /**
     * A header's value as text.
     *
     * @param record the record
     * @param name the header name
     * @return the last value, or {@code ""}
     */
    public static String optional(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : text(header);
    }

    private static String required(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("record " + origin(record) + " has no " + name
                    + " header; only records written by payhooks' KafkaHandoff belong on this topic");
        }
        return text(header);
    }

    private static String text(Header header) {
        return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
