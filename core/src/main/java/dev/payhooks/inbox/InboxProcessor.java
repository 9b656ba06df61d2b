package dev.payhooks.inbox;

import dev.payhooks.internal.CoreAccess;
import dev.payhooks.internal.LogText;
import dev.payhooks.internal.OrderingGuard;
import dev.payhooks.internal.retry.Backoff;
import dev.payhooks.Event;
import dev.payhooks.EventHandler;
import dev.payhooks.PipelineStep;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.internal.config.Checks;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.TransactionalInbox;
import dev.payhooks.spi.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Workers that drain an {@link Inbox}: claim due rows, run the receiver's handlers for each,
 * mark them done, and on failure retry with exponential backoff and jitter up to a number of
 * attempts, then mark the row dead with the last error (class and message, never the body).
 *
 * <pre>{@code
 * Inbox inbox = JdbcInbox.builder(dataSource).build();
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(secret))
 *         .inbox(inbox)                          // answer 200 once the row is committed
 *         .on("refund.failed", refunds::markFailed)
 *         .build();
 * InboxProcessor workers = InboxProcessor.builder(receiver, inbox).threads(4).maxAttempts(8).build();
 * workers.start();
 * // on shutdown:
 * workers.close();                               // finishes running work, returns the rest
 * }</pre>
 *
 * <p>Delays: attempt {@code n} failing schedules attempt {@code n+1} after a delay drawn uniformly
 * from {@code [d/2, d]} where {@code d = min(maxBackoff, initialBackoff * 2^(n-1))} ("equal
 * jitter": spread out, yet never shorter than the previous delay's upper half, so delays grow).
 *
 * <p>Thread-safe. {@link #runOnce()} processes due rows on the calling thread, for tests and for
 * applications that schedule work themselves.
 *
 * @since 0.1.0
 */
public final class InboxProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final WebhookReceiver receiver;
    private final Inbox inbox;
    private final int concurrency;
    private final Executor executor;
    private final boolean ownsExecutor;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final Random random;
    private final List<InboxListener> listeners;
    private final Semaphore permits;
    private final AtomicInteger returned = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean pollRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closing;
    private volatile ScheduledExecutorService poller;

    private InboxProcessor(Builder b) {
        this.receiver = b.receiver;
        this.inbox = b.inbox;
        this.concurrency = b.threads;
        this.ownsExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newFixedThreadPool(b.threads, runnable -> {
            Thread thread = new Thread(runnable, "payhooks-inbox-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.clock = b.clock;
        this.random = b.random;
        this.listeners = List.copyOf(b.listeners);
        this.permits = new Semaphore(b.threads);
    }

    /**
     * A builder.
     *
     * @param receiver the receiver whose decoder and handlers process the rows
     * @param inbox the inbox to drain (the same one the receiver stores into)
     * @return a new builder
     */
    public static Builder builder(WebhookReceiver receiver, Inbox inbox) {
        return new Builder(receiver, inbox);
    }

    /**
     * Starts polling the inbox in the background.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (poller != null || closing) {
            throw new IllegalStateException("an InboxProcessor is started once; build a new one after close()");
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "payhooks-inbox-poller");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Claims due rows (at most the configured number of threads) and processes them on the
     * calling thread.
     *
     * @return how many rows were processed
     * @throws WebhookUnavailableException when the inbox cannot be reached
     */
    public int runOnce() {
        List<InboxMessage> batch = inbox.claimDue(concurrency, lease);
        for (InboxMessage message : batch) {
            process(message);
        }
        return batch.size();
    }

    /**
     * The delay before the attempt after attempt {@code attempt} failed, before jitter.
     *
     * @param attempt the number of the attempt that failed, from 1
     * @return {@code min(maxBackoff, initialBackoff * 2^(attempt-1))}
     */
    public Duration backoffBeforeJitter(int attempt) {
        return backoff.after(attempt);
    }

    /**
     * Stops polling, lets running attempts finish (up to the shutdown timeout) and gives claimed
     * rows that have not started back to the inbox. Rows still running after the timeout are
     * picked up again by any worker once their lease expires.
     */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            if (poller != null) {
                poller.shutdown();
            }
        }
        try {
            if (poller != null) {
                poller.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (permits.tryAcquire(concurrency, shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                permits.release(concurrency);
            } else {
                log.warn("payhooks inbox: attempts still running after {}; their rows are retried after the lease of {}",
                        shutdownTimeout, lease);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsExecutor) {
                ((ExecutorService) executor).shutdown();
            }
        }
    }

    /** For tests: whether {@link #close()} has begun. */
    boolean isClosing() {
        return closing;
    }

    /**
     * How many claimed rows were given back to the inbox unstarted by {@link #close()}.
     *
     * @return the count
     */
    public int returnedOnShutdown() {
        return returned.get();
    }

    private void pollQuietly() {
        try {
            // Keep claiming while batches come back full: the poll interval only paces an idle inbox.
            while (!closing) {
                int free = permits.availablePermits();
                if (free == 0) {
                    return;
                }
                List<InboxMessage> batch = inbox.claimDue(free, lease);
                for (InboxMessage message : batch) {
                    submit(message);
                }
                if (batch.size() < free) {
                    return;
                }
            }
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks inbox: the inbox is unavailable; polling again in {}", pollInterval, e);
        } catch (RuntimeException e) {
            log.error("payhooks inbox: unexpected {} while polling; polling again in {}", e.getClass().getName(), pollInterval, e);
        }
    }

    /** A worker became free: look for due rows now rather than at the next interval (coalesced). */
    private void pollSoon() {
        ScheduledExecutorService current = poller;
        if (current == null || closing || !pollRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            current.execute(() -> {
                pollRequested.set(false);
                pollQuietly();
            });
        } catch (RejectedExecutionException e) {
            pollRequested.set(false);
        }
    }

    private void submit(InboxMessage message) {
        if (!permits.tryAcquire()) {
            giveBack(message);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    if (closing) {
                        giveBack(message);
                    } else {
                        process(message);
                    }
                } catch (RuntimeException e) {
                    // The result could not be recorded (the inbox is down): the row stays claimed
                    // and is attempted again once its lease expires. Logged here rather than left
                    // to the pool thread's uncaught-exception handler, which would print it raw.
                    log.warn("payhooks inbox: could not record the result of row {} ({}); it is attempted again after"
                            + " its lease of {}", LogText.escape(message.id()), LogText.escape(message.eventId()), lease, e);
                } finally {
                    permits.release();
                    pollSoon();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release();
            giveBack(message);
        }
    }

    private void giveBack(InboxMessage message) {
        try {
            if (inbox.release(message)) {
                returned.incrementAndGet();
            }
        } catch (RuntimeException e) {
            log.warn("payhooks inbox: could not give row {} back; it is retried after the lease", LogText.escape(message.id()), e);
        }
    }

    private void process(InboxMessage message) {
        try {
            attempt(message);
        } catch (RuntimeException | Error e) {
            // The result could not be recorded (the inbox is down) or an Error escaped: the row stays
            // claimed until its lease expires. Listeners holding per-attempt state let go.
            notify(listener -> listener.onAborted(message, e));
            throw e;
        }
    }

    private void attempt(InboxMessage message) {
        notify(listener -> listener.onStarted(message));
        Instant started = clock.instant();
        Event event = null;
        Throwable failure = null;
        try {
            event = step(message, PipelineStep.DECODE, () -> CoreAccess.receiver().source(receiver).decoder().decode(
                    message.toRequest(), Verification.forTenant(message.tenant().isEmpty() ? null : message.tenant())));
        } catch (WebhookDecodingException e) {
            // It decoded when it arrived; only a changed decoder configuration gets here, and no retry helps.
            log.warn("payhooks inbox: row {} ({}) no longer decodes ({}); marked dead", LogText.escape(message.id()),
                    LogText.escape(message.eventId()), e.reason());
            recordDead(message, e);
            return;
        } catch (RuntimeException e) {
            // A confirmation lookup that is down (WebhookUnavailableException) or another passing
            // failure: retried with backoff like a failing handler, never dead on the first try.
            failure = e;
        }
        // The ordering guard runs here, when the event is handled, not when it was stored: rows
        // of one object can be handled in any order, on any worker.
        OrderingGuard guard = CoreAccess.receiver().ordering(receiver);
        OrderingGuard.Pass pass = null;
        if (event != null && guard != null) {
            try {
                pass = guard.admit(event);
            } catch (RuntimeException e) {
                failure = e;
            }
            if (pass != null && pass.kind() == OrderingGuard.Kind.STALE) {
                log.debug("payhooks inbox: row {} ({} {}) skipped: {}", LogText.escape(message.id()),
                        LogText.escape(message.eventId()), LogText.escape(message.eventType()), LogText.escape(pass.detail()));
                finish(message, started);
                return;
            }
            if (pass != null && pass.kind() == OrderingGuard.Kind.BUSY) {
                failure = new WebhookUnavailableException(pass.detail(), null);
            }
            event = failure == null ? pass.event() : null;
        }
        Instant handling = event == null ? null : clock.instant();
        List<EventHandler> handlers = event == null ? List.of() : CoreAccess.receiver().route(receiver, event.type());
        boolean inTransaction = event != null && CoreAccess.receiver().needsTransaction(handlers);
        boolean committed = false;
        if (inTransaction) {
            // The attempt is the transaction: the row is marked done in it, with the handlers' writes.
            Event handled = event;
            try {
                committed = transactionalInbox().markDoneWithin(message, () -> {
                    for (EventHandler handler : handlers) {
                        handler.handle(handled);
                    }
                });
            } catch (Exception | LinkageError | AssertionError e) {
                failure = e;
            }
        } else {
            for (EventHandler handler : handlers) {
                try {
                    handler.handle(event);
                } catch (Exception | LinkageError | AssertionError e) {
                    failure = e;
                    break;
                }
            }
        }
        if (handling != null) {
            stepEnded(message, PipelineStep.HANDLE, handling, failure);
        }
        if (inTransaction && failure == null && !committed) {
            log.warn("payhooks inbox: row {} ({}) was taken over before its transaction began; nothing ran here,"
                    + " lengthen the lease (now {})", LogText.escape(message.id()), LogText.escape(message.eventId()), lease);
            notify(listener -> listener.onAborted(message, new IllegalStateException("the row's lease was taken over")));
            return;
        }
        if (failure == null) {
            if (pass != null) {
                pass.succeeded();
            }
            // A transactional attempt marked its row done in its own transaction.
            finish(message, started, !inTransaction);
            return;
        }
        if (pass != null && pass.kind() == OrderingGuard.Kind.RUN) {
            pass.failed();
        }
        if (message.attempts() >= maxAttempts) {
            log.warn("payhooks inbox: row {} ({} {}) failed attempt {} of {}; marked dead", LogText.escape(message.id()),
                    LogText.escape(message.eventId()), LogText.escape(message.eventType()), message.attempts(), maxAttempts, failure);
            recordDead(message, failure);
            return;
        }
        Duration bound = backoffBeforeJitter(message.attempts());
        long boundMillis = Math.max(bound.toMillis(), 2);
        Duration delay;
        synchronized (random) {
            delay = Duration.ofMillis(boundMillis / 2 + (long) (random.nextDouble() * (boundMillis - boundMillis / 2)));
        }
        log.warn("payhooks inbox: row {} ({} {}) failed attempt {} of {}; retrying in {}", LogText.escape(message.id()),
                LogText.escape(message.eventId()), LogText.escape(message.eventType()), message.attempts(), maxAttempts, delay, failure);
        String error = describe(failure);
        step(message, PipelineStep.MARK_RETRY, () -> inbox.markRetry(message, delay, error));
        Throwable cause = failure;
        notify(listener -> listener.onRetryScheduled(message, delay, cause));
    }

    private TransactionalInbox transactionalInbox() {
        if (!(inbox instanceof TransactionalInbox)) {
            throw new IllegalStateException("a transactional handler needs an inbox that runs handlers in its transaction"
                    + " (a TransactionalInbox such as payhooks-jdbc's JdbcInbox), but this processor's inbox is "
                    + inbox.getClass().getName());
        }
        return (TransactionalInbox) inbox;
    }

    private void finish(InboxMessage message, Instant started) {
        finish(message, started, true);
    }

    private void finish(InboxMessage message, Instant started, boolean markDone) {
        if (markDone && !step(message, PipelineStep.COMPLETE, () -> inbox.markDone(message))) {
            log.warn("payhooks inbox: row {} ({}) finished after its lease was taken over; lengthen the lease (now {})",
                    LogText.escape(message.id()), LogText.escape(message.eventId()), lease);
        }
        Duration elapsed = Duration.between(started, clock.instant());
        notify(listener -> listener.onSucceeded(message, elapsed));
        log.debug("payhooks inbox: row {} ({} {}) done on attempt {}", LogText.escape(message.id()),
                LogText.escape(message.eventId()), LogText.escape(message.eventType()), message.attempts());
    }

    private void recordDead(InboxMessage message, Throwable failure) {
        String error = describe(failure);
        step(message, PipelineStep.MARK_DEAD, () -> inbox.markDead(message, error));
        notify(listener -> listener.onDead(message, failure));
    }

    /** Runs one step of an attempt, telling listeners how long it took and whether it threw. */
    private <T> T step(InboxMessage message, PipelineStep step, Supplier<T> work) {
        Instant started = clock.instant();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            stepEnded(message, step, started, e);
            throw e;
        }
        stepEnded(message, step, started, null);
        return result;
    }

    private void stepEnded(InboxMessage message, PipelineStep step, Instant started, Throwable failure) {
        Duration elapsed = Duration.between(started, clock.instant());
        if (failure == null) {
            notify(listener -> listener.onStepCompleted(message, step, elapsed));
        } else {
            notify(listener -> listener.onStepFailed(message, step, elapsed, failure));
        }
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private void notify(java.util.function.Consumer<InboxListener> call) {
        for (InboxListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("payhooks inbox: listener {} failed; ignored", listener.getClass().getName(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "InboxProcessor[threads=" + concurrency + ", maxAttempts=" + maxAttempts + ", lease=" + lease + "]";
    }

    /**
     * Builds an {@link InboxProcessor}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final WebhookReceiver receiver;
        private final Inbox inbox;
        private int threads = 4;
        private Executor executor;
        private int maxAttempts = 8;
        private Backoff backoff = Backoff.of(Duration.ofSeconds(10), Duration.ofHours(1));
        private Duration lease = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Random random = new Random();
        private final List<InboxListener> listeners = new ArrayList<>();

        private Builder(WebhookReceiver receiver, Inbox inbox) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            this.inbox = Objects.requireNonNull(inbox, "inbox");
        }

        /**
         * How many rows run at once (default 4): the size of the built-in pool, or the bound on
         * work handed to a supplied executor.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = Checks.atLeastOne(threads, "threads");
            return this;
        }

        /**
         * Runs attempts on your executor instead of a built-in pool; it is not shut down by
         * {@link InboxProcessor#close()}.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Attempts before a row is dead (default 8).
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.atLeastOne(maxAttempts, "maxAttempts");
            return this;
        }

        /**
         * The backoff bounds (default 10 s doubling up to 1 h).
         *
         * @param initial the delay bound after the first failure; at least 1 ms
         * @param max the largest delay bound; not less than {@code initial}
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoff = Backoff.of(initial, max);
            return this;
        }

        /**
         * How long a claimed row is held before another worker may take it (default 5 minutes);
         * longer than your slowest handler.
         *
         * @param lease a positive duration of at most one day
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = Checks.atMost(positive(lease, "lease"), "lease", Duration.ofDays(1));
            return this;
        }

        /**
         * How often the background poller looks for due rows when the inbox is idle (default 1 s).
         * While rows are due it claims again as soon as a batch comes back full or a worker is free.
         *
         * @param pollInterval at least 1 ms
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * How long {@link InboxProcessor#close()} waits for running attempts (default 30 s).
         *
         * @param shutdownTimeout a positive duration
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /**
         * The clock handler durations are measured with (inject one in tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The random source of the jitter (seed one in tests).
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(InboxListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The processor (not yet started).
         *
         * @return the processor
         */
        public InboxProcessor build() {
            return new InboxProcessor(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero() || duration.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, was " + duration);
            }
            return duration;
        }
    }
}
