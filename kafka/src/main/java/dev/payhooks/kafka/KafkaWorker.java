package dev.payhooks.kafka;

import dev.payhooks.Event;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.inbox.VerifiedDeliveries;
import dev.payhooks.internal.config.Checks;
import dev.payhooks.internal.retry.Backoff;
import dev.payhooks.kafka.internal.ClientConfigs;
import dev.payhooks.kafka.internal.DeliveryRecords;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.InboxMessage;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Workers in a Kafka consumer group that run a receiver's handlers for the deliveries a
 * {@link KafkaHandoff} produced. Records are decoded <em>without verifying them again</em>: they
 * were verified when they arrived, and the signature headers were not kept; only a topic that
 * nothing but payhooks' hand-off writes to belongs here (restrict it with ACLs).
 *
 * <pre>{@code
 * KafkaWorker workers = KafkaWorker.builder(receiver, Map.of("bootstrap.servers", "kafka-1:9092"))
 *         .topic("payhooks.deliveries")
 *         .idempotencyStore(JdbcIdempotencyStore.builder(dataSource).build())
 *         .threads(4)
 *         .build();
 * workers.start();
 * // on shutdown:
 * workers.close();    // finishes the records being handled, commits them, leaves the rest uncommitted
 * }</pre>
 *
 * <p><b>Delivery guarantees.</b> Each record is claimed in the {@link IdempotencyStore} (shared by
 * every worker, e.g. JDBC or Redis), its handlers run, the claim is completed, and only then is its
 * offset committed. A worker that dies leaves its uncommitted records to the partition's next
 * owner, which skips the ones already completed and waits out the lease of the one that was
 * running; so a handler runs twice only for a record whose handler was under way in the dead
 * worker.
 *
 * <p><b>Retries: paused partitions, not retry topics.</b> A failing record is retried in place:
 * its partition is paused and rewound to it for a backoff (exponential, doubling from
 * the initial to the maximum {@linkplain Builder#backoff(Duration, Duration) backoff}), while every other partition keeps
 * flowing. Retry topics would unblock the partition sooner, but they reorder events about one
 * object (the later {@code refund.updated} would be handled before the retried
 * {@code refund.created}); a paused partition keeps per-key order, and after
 * {@link Builder#maxAttempts} the record goes to the dead-letter topic so no partition is blocked
 * forever. Attempt counts live in the worker: after a rebalance the new owner counts again.
 *
 * <p><b>Ordering.</b> Records of one partition are handled one at a time, in offset order; a
 * worker thread owns whole partitions. {@link Builder#threads} consumers share the group's
 * partitions, so create the topic with at least as many partitions as all workers' threads.
 *
 * <p>Listeners: the {@link InboxListener} callbacks, with a message whose id is
 * {@code topic-partition@offset} (payhooks-micrometer's inbox meters work unchanged). Thread-safe.
 *
 * @since 0.1.0
 */
public final class KafkaWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaWorker.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final WebhookReceiver receiver;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String deadLetterTopic;
    private final IdempotencyStore store;
    private final int threads;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration lease;
    private final Duration pollTimeout;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final List<InboxListener> listeners;
    private final List<Thread> running = new ArrayList<>();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean closing;
    private volatile CountDownLatch stopped;
    private KafkaProducer<byte[], byte[]> deadLetterProducer;

    private KafkaWorker(Builder b) {
        this.receiver = b.receiver;
        this.topic = b.topic;
        this.deadLetterTopic = b.deadLetterTopic();
        this.store = b.store;
        this.threads = b.threads;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.lease = b.lease;
        this.pollTimeout = b.pollTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
        Map<String, Object> consumerRequired = new HashMap<>();
        consumerRequired.put("enable.auto.commit", "false");
        consumerRequired.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerRequired.put("value.deserializer", ByteArrayDeserializer.class.getName());
        consumerRequired.put("group.id", b.groupId);
        this.consumerConfig = ClientConfigs.merge(b.config, consumerRequired,
                "offsets are committed by the worker, only after the handlers succeeded");
        // A new group starts at the beginning: a delivery acknowledged before the first worker ran is still handled.
        consumerConfig.putIfAbsent("auto.offset.reset", "earliest");
        consumerConfig.putIfAbsent("max.poll.records", "100");
        Map<String, Object> producerRequired = new HashMap<>();
        producerRequired.put("enable.idempotence", "true");
        producerRequired.put("acks", "all");
        producerRequired.put("key.serializer", ByteArraySerializer.class.getName());
        producerRequired.put("value.serializer", ByteArraySerializer.class.getName());
        Map<String, Object> producerBase = new HashMap<>(b.config);
        // Consumer-only settings would only make the producer log warnings.
        producerBase.keySet().removeIf(name -> name.startsWith("group.") || name.startsWith("auto.") || name.startsWith("max.poll")
                || name.startsWith("session.") || name.startsWith("heartbeat.") || name.startsWith("isolation.")
                || name.contains("deserializer") || name.equals("enable.auto.commit") || name.startsWith("fetch."));
        this.producerConfig = ClientConfigs.merge(producerBase, producerRequired,
                "a record is committed after its dead letter is on every in-sync replica");
    }

    /**
     * A builder.
     *
     * @param receiver the receiver whose decoder and handlers process the records (the same
     *                 configuration as the receiving side's, or at least the same source and handlers)
     * @param kafkaSettings the client settings: at least {@code bootstrap.servers}; also used for the
     *                      dead-letter producer. {@code enable.auto.commit}, {@code group.id} and the
     *                      deserializers are payhooks' own.
     * @return a new builder
     */
    public static Builder builder(WebhookReceiver receiver, Map<String, ?> kafkaSettings) {
        return new Builder(receiver, kafkaSettings);
    }

    /**
     * Starts the consumer threads. Each joins the group and handles the partitions it is given.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (stopped != null || closing) {
            throw new IllegalStateException("a KafkaWorker is started once; build a new one after close()");
        }
        deadLetterProducer = new KafkaProducer<>(producerConfig);
        stopped = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::consumeQuietly, "payhooks-kafka-worker-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
    }

    /**
     * Stops polling; each thread finishes the record it is handling, commits what it finished and
     * leaves the consumer group, so the rest of its records go uncommitted to another worker. Waits
     * up to the shutdown timeout.
     */
    @Override
    public void close() {
        CountDownLatch latch;
        synchronized (this) {
            closing = true;
            latch = stopped;
        }
        if (latch == null) {
            return;
        }
        try {
            if (!latch.await(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("payhooks kafka: handlers still running after {}; their records stay uncommitted and are handled"
                        + " again by the partition's next owner (the idempotency store skips completed ones)", shutdownTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deadLetterProducer.close(shutdownTimeout);
        }
    }

    /** {@return records whose handlers succeeded in this worker} */
    public long handledCount() {
        return handled.get();
    }

    /** {@return records skipped because the idempotency store had them completed} */
    public long duplicateCount() {
        return duplicates.get();
    }

    /** {@return records this worker sent to the dead-letter topic} */
    public long deadLetterCount() {
        return deadLettered.get();
    }

    /** {@return the topic read} */
    public String topic() {
        return topic;
    }

    /** {@return the dead-letter topic} */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /**
     * The delay before the attempt after attempt {@code attempt} failed.
     *
     * @param attempt the number of the attempt that failed, from 1
     * @return {@code min(maxBackoff, initialBackoff * 2^(attempt-1))}
     */
    public Duration backoff(int attempt) {
        return backoff.after(attempt);
    }

    private void consumeQuietly() {
        try {
            while (!closing) {
                try {
                    new PartitionLoop().run();
                } catch (RuntimeException e) {
                    // A store or decoder bug, not a record's failure: the consumer is closed (its uncommitted
                    // records go back to the group) and a new one joins, rather than the worker shrinking silently.
                    log.error("payhooks kafka: unexpected {} in a worker thread; its consumer left the group and a new"
                            + " one joins in 1 s", e.getClass().getName(), e);
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            log.error("payhooks kafka: a worker thread stopped on {}; its partitions go to the other members",
                    e.getClass().getName(), e);
        } finally {
            stopped.countDown();
        }
    }

    /** Where a paused partition resumes: the record to retry, its attempts so far and when. */
    private record Retry(long offset, int attempts, Instant resumeAt) {
    }

    /** One consumer and the partitions it owns; runs on one thread. */
    private final class PartitionLoop implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        private final Map<TopicPartition, Retry> retries = new HashMap<>();
        private final Set<TopicPartition> paused = new HashSet<>();

        void run() {
            try (consumer) {
                consumer.subscribe(List.of(topic), this);
                while (!closing) {
                    resumeDue();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(nextPoll());
                    for (TopicPartition partition : records.partitions()) {
                        for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                            if (closing || paused.contains(partition)) {
                                break;
                            }
                            handle(partition, record);
                        }
                    }
                    commitDone();
                }
                commitDone();
            }
        }

        private Duration nextPoll() {
            Instant now = clock.instant();
            Duration wait = pollTimeout;
            for (TopicPartition partition : paused) {
                Retry retry = retries.get(partition);
                Duration until = Duration.between(now, retry.resumeAt());
                if (until.compareTo(wait) < 0) {
                    wait = until.isNegative() ? Duration.ZERO : until;
                }
            }
            return wait;
        }

        private void resumeDue() {
            Instant now = clock.instant();
            List<TopicPartition> due = new ArrayList<>();
            for (TopicPartition partition : paused) {
                if (!retries.get(partition).resumeAt().isAfter(now)) {
                    due.add(partition);
                }
            }
            if (!due.isEmpty()) {
                due.forEach(paused::remove);
                consumer.resume(due);
            }
        }

        private void handle(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
            Retry retry = retries.get(partition);
            int attempts = (retry != null && retry.offset() == record.offset() ? retry.attempts() : 0) + 1;
            retries.remove(partition);
            InboxMessage message;
            try {
                message = DeliveryRecords.toMessage(record, attempts);
            } catch (IllegalArgumentException e) {
                log.warn("payhooks kafka: {}; sent to {}", e.getMessage(), deadLetterTopic);
                deadLetter(partition, record, attempts, e, null);
                return;
            }
            // Listeners see an attempt (started, then succeeded, retry scheduled or dead) for every record
            // that runs or fails; a duplicate skipped or a record waiting for another worker's claim is none.
            Instant started = clock.instant();
            Event event;
            try {
                event = VerifiedDeliveries.decodeWithoutReverifying(receiver, message);
            } catch (WebhookDecodingException e) {
                // It decoded when it arrived; only a changed decoder configuration gets here, and no retry helps.
                log.warn("payhooks kafka: {} ({}) no longer decodes ({}); sent to {}", message.id(), message.eventId(),
                        e.reason(), deadLetterTopic);
                tell(listener -> listener.onStarted(message));
                deadLetter(partition, record, attempts, e, message);
                return;
            } catch (RuntimeException e) {
                tell(listener -> listener.onStarted(message));
                retryLater(partition, record, attempts, e, message);
                return;
            }
            IdempotencyKey key = IdempotencyKey.of(event);
            ClaimResult claim;
            try {
                claim = store.claim(key, lease);
            } catch (WebhookUnavailableException e) {
                // Not the record's fault: wait without spending one of its attempts.
                tell(listener -> listener.onStarted(message));
                retryLater(partition, record, attempts - 1, e, message);
                return;
            }
            if (claim instanceof ClaimResult.Completed) {
                duplicates.incrementAndGet();
                log.debug("payhooks kafka: {} ({}) already handled; skipped", message.id(), message.eventId());
                markDone(partition, record);
                return;
            }
            if (claim instanceof ClaimResult.InProgress inProgress) {
                // Another worker (or a dead one whose lease has not run out) holds it: come back after the lease.
                Duration wait = Duration.between(clock.instant(), inProgress.leaseExpiresAt());
                Duration capped = wait.isNegative() ? backoff.initial() : wait.compareTo(lease) > 0 ? lease : wait;
                pause(partition, record.offset(), attempts - 1, capped.plusMillis(50));
                return;
            }
            ClaimToken token = ((ClaimResult.Claimed) claim).token();
            tell(listener -> listener.onStarted(message));
            Throwable failure = null;
            try {
                VerifiedDeliveries.runHandlers(receiver, event);
            } catch (Exception | LinkageError | AssertionError e) {
                failure = e;
            }
            if (failure != null) {
                try {
                    store.release(key, token);
                } catch (WebhookUnavailableException e) {
                    log.warn("payhooks kafka: could not release the claim on {}; its retry waits for the lease of {}",
                            message.eventId(), lease, e);
                }
                retryLater(partition, record, attempts, failure, message);
                return;
            }
            try {
                if (!store.complete(key, token)) {
                    log.warn("payhooks kafka: the claim on {} expired while its handlers ran and was taken over;"
                            + " lengthen the lease (now {})", message.eventId(), lease);
                }
            } catch (WebhookUnavailableException e) {
                log.warn("payhooks kafka: {} was handled but its completion could not be recorded; a redelivery"
                        + " after the lease may run it again", message.eventId(), e);
            }
            handled.incrementAndGet();
            markDone(partition, record);
            Duration elapsed = Duration.between(started, clock.instant());
            tell(listener -> listener.onSucceeded(message, elapsed));
        }

        private void retryLater(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int attempts,
                                Throwable failure, InboxMessage message) {
            if (attempts >= maxAttempts) {
                log.warn("payhooks kafka: {} failed attempt {} of {}; sent to {}", DeliveryRecords.origin(record),
                        attempts, maxAttempts, deadLetterTopic, failure);
                deadLetter(partition, record, attempts, failure, message);
                return;
            }
            Duration delay = backoff(Math.max(attempts, 1));
            log.warn("payhooks kafka: {} failed attempt {} of {}; partition paused, retrying in {}",
                    DeliveryRecords.origin(record), attempts, maxAttempts, delay, failure);
            pause(partition, record.offset(), attempts, delay);
            if (message != null) {
                tell(listener -> listener.onRetryScheduled(message, delay, failure));
            }
        }

        private void pause(TopicPartition partition, long offset, int attempts, Duration delay) {
            // Commit what came before first, so a rebalance during the wait repeats nothing handled.
            commitDone();
            consumer.pause(List.of(partition));
            consumer.seek(partition, offset);
            retries.put(partition, new Retry(offset, attempts, clock.instant().plus(delay)));
            paused.add(partition);
        }

        private void deadLetter(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int attempts,
                                Throwable failure, InboxMessage message) {
            String error = describe(failure);
            try {
                deadLetterProducer.send(DeliveryRecords.toDeadLetter(deadLetterTopic, record, attempts, error, clock.instant()))
                        .get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Not in the dead-letter topic: the record must not be committed. Retry it later.
                log.warn("payhooks kafka: could not write {} to {}; retrying it in {}", DeliveryRecords.origin(record),
                        deadLetterTopic, backoff.initial(), e);
                pause(partition, record.offset(), attempts - 1, backoff.initial());
                if (message != null) {
                    tell(listener -> listener.onRetryScheduled(message, backoff.initial(), e));
                }
                return;
            }
            deadLettered.incrementAndGet();
            markDone(partition, record);
            if (message != null) {
                tell(listener -> listener.onDead(message, failure));
            }
        }

        private void markDone(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }

        private void commitDone() {
            if (done.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(done);
            } catch (KafkaException e) {
                // The partitions moved to another member (or the broker is away): the records run again
                // there, and the idempotency store skips the completed ones.
                log.warn("payhooks kafka: could not commit offsets {}; completed records will be skipped on redelivery",
                        done, e);
            }
            done.clear();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Called inside poll() on this thread, so no handler is running: commit what finished.
            Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = done.remove(partition);
                if (offset != null) {
                    finished.put(partition, offset);
                }
                retries.remove(partition);
                paused.remove(partition);
            }
            if (!finished.isEmpty()) {
                try {
                    consumer.commitSync(finished);
                } catch (KafkaException e) {
                    log.warn("payhooks kafka: could not commit offsets of revoked partitions {}", finished, e);
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Committed offsets are where to start.
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member owns them already: committing would fail; their records run there again.
            for (TopicPartition partition : partitions) {
                done.remove(partition);
                retries.remove(partition);
                paused.remove(partition);
            }
        }
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private void tell(Consumer<InboxListener> call) {
        for (InboxListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("payhooks kafka: listener {} failed; ignored", listener.getClass().getName(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaWorker[topic=" + topic + ", threads=" + threads + ", maxAttempts=" + maxAttempts + "]";
    }

    /**
     * Builds a {@link KafkaWorker}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends TopicBuilder<Builder> {
        private final WebhookReceiver receiver;
        private String groupId = "payhooks-workers";
        private IdempotencyStore store;
        private int threads = 1;
        private int maxAttempts = 8;
        private Backoff backoff = Backoff.of(Duration.ofSeconds(1), Duration.ofMinutes(5));
        private Duration lease = Duration.ofMinutes(5);
        private Duration pollTimeout = Duration.ofMillis(500);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private final List<InboxListener> listeners = new ArrayList<>();

        private Builder(WebhookReceiver receiver, Map<String, ?> config) {
            super(config);
            this.receiver = Objects.requireNonNull(receiver, "receiver");
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Where records go after their last attempt (default: the topic name plus {@code .dead}).
         *
         * @param deadLetterTopic the dead-letter topic
         * @return this builder
         */
        public Builder deadLetterTopic(String deadLetterTopic) {
            return deadLetterTopicChecked(deadLetterTopic);
        }

        /**
         * The consumer group (default {@code payhooks-workers}); every worker of one application uses the same.
         *
         * @param groupId the group id
         * @return this builder
         */
        public Builder groupId(String groupId) {
            this.groupId = ClientConfigs.nonBlank(groupId, "groupId");
            return this;
        }

        /**
         * Where claims and completions are recorded (required): a store every worker shares, such
         * as payhooks-jdbc's or payhooks-redis's. It is what makes a record handled once although
         * Kafka may deliver it again after a crash or rebalance.
         *
         * @param store the shared store
         * @return this builder
         */
        public Builder idempotencyStore(IdempotencyStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How many consumers this worker runs, each on its own thread (default 1).
         *
         * @param threads between 1 and 256
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Attempts per record before it goes to the dead-letter topic (default 8).
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.atLeastOne(maxAttempts, "maxAttempts");
            return this;
        }

        /**
         * The backoff after the first failure (default 1 s) and its cap (default 5 minutes); it
         * doubles after every failure. The partition waits that long; others keep flowing.
         *
         * @param initial at least 1 ms
         * @param max at least {@code initial}, at most 30 days
         * @return this builder
         * @throws IllegalArgumentException when out of those ranges
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoff = Backoff.of(initial, max);
            return this;
        }

        /**
         * How long a claim holds while the handlers run (default 5 minutes); after it, another
         * worker may run the record. Keep it longer than your slowest handler.
         *
         * @param lease positive, at most one day
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = Checks.positiveAtMost(lease, "lease", Duration.ofDays(1));
            return this;
        }

        /**
         * How long {@link #close()} waits for running handlers (default 30 s).
         *
         * @param shutdownTimeout positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Checks.positive(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /**
         * The clock for backoff and lease arithmetic (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a listener (the inbox's callbacks; see the class description).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(InboxListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The worker; {@link KafkaWorker#start()} starts it.
         *
         * @return the worker
         * @throws IllegalStateException when no idempotency store was given
         * @throws IllegalArgumentException when the settings lack {@code bootstrap.servers} or contradict
         *         manual commits, the group id or the byte-array deserializers
         */
        public KafkaWorker build() {
            if (store == null) {
                throw new IllegalStateException("a KafkaWorker needs a shared idempotency store: call idempotencyStore("
                        + "JdbcIdempotencyStore.builder(dataSource).build()) or a Redis one; Kafka may deliver a record"
                        + " again after a crash or rebalance, and the store is what keeps its handlers from running twice");
            }
            if (topic.equals(deadLetterTopic())) {
                throw new IllegalStateException("the dead-letter topic must differ from the topic read ('" + topic + "')");
            }
            return new KafkaWorker(this);
        }
    }
}
