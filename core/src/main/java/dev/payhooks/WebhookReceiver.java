package dev.payhooks;

import dev.payhooks.internal.CoreAccess;
import dev.payhooks.internal.LogText;
import dev.payhooks.internal.OrderingGuard;
import dev.payhooks.internal.Utf8;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.DeliveryHandoff;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.Inbox;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.TransactionalEventHandler;
import dev.payhooks.spi.TransactionalIdempotencyStore;
import dev.payhooks.spi.TransactionalInbox;
import dev.payhooks.spi.Verification;
import dev.payhooks.spi.WebhookSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The webhook pipeline for one provider endpoint: verify, decode, filter, deduplicate, dispatch,
 * answer. Framework-neutral: adapters turn their HTTP request into a {@link WebhookRequest} and
 * copy the {@link WebhookResponse} back.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(System.getenv("STRIPE_WEBHOOK_SECRET")))
 *         .idempotencyStore(IdempotencyStore.inMemory(Duration.ofDays(7)))
 *         .on("refund.failed", event -> refunds.markFailed(event.data(RefundView.class)))
 *         .on("payment_intent.*", event -> orders.update(event))
 *         .otherwise(event -> log.debug("ignored {} {}", event.type(), event.id()))
 *         .build();
 * WebhookResponse response = receiver.receive(request);
 * }</pre>
 *
 * <p>{@link #receive(WebhookRequest)} never throws for anything a request can contain: every
 * failure becomes an answer from the {@link ResponsePolicy}. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebhookReceiver {

    static {
        CoreAccess.install(new CoreAccess.ReceiverAccess() {
            @Override
            public WebhookSource source(WebhookReceiver receiver) {
                return receiver.source;
            }

            @Override
            public List<EventHandler> route(WebhookReceiver receiver, String type) {
                return receiver.route(type);
            }

            @Override
            public WebhookResponse overloaded(WebhookReceiver receiver, String detail) {
                return receiver.overloaded(detail);
            }

            @Override
            public boolean needsTransaction(List<EventHandler> handlers) {
                return WebhookReceiver.needsTransaction(handlers);
            }

            @Override
            public OrderingGuard ordering(WebhookReceiver receiver) {
                return receiver.ordering;
            }
        });
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final WebhookSource source;
    private final IdempotencyStore store;
    private final Duration lease;
    private final Clock clock;
    private final int maxBodyBytes;
    private final List<Predicate<? super Event>> filters;
    private final Map<String, List<EventHandler>> exactHandlers;
    private final List<PrefixRoute> prefixRoutes;
    private final EventHandler fallback;
    private final ResponsePolicy policy;
    private final List<WebhookListener> listeners;
    private final DeliveryHandoff inbox;
    private final OrderingGuard ordering;
    private final MemoryBudget memoryBudget;
    private final int maxConcurrentDeliveries;
    private final Semaphore deliveries;
    private final AtomicLong lastOverloadWarning = new AtomicLong();
    private static final long OVERLOAD_WARNING_INTERVAL_NANOS = 10_000_000_000L;

    private WebhookReceiver(Builder b) {
        this.source = b.source;
        this.store = b.store != null ? b.store : IdempotencyStore.inMemory();
        this.lease = b.lease;
        this.clock = b.clock;
        this.maxBodyBytes = b.maxBodyBytes;
        this.filters = List.copyOf(b.filters);
        Map<String, List<EventHandler>> exact = new HashMap<>();
        b.exactHandlers.forEach((type, handlers) -> exact.put(type, List.copyOf(handlers)));
        this.exactHandlers = Map.copyOf(exact);
        this.prefixRoutes = List.copyOf(b.prefixRoutes);
        this.fallback = b.fallback;
        this.policy = b.policy;
        this.listeners = List.copyOf(b.listeners);
        this.inbox = b.inbox;
        this.ordering = b.ordering == null ? null : new OrderingGuard(b.ordering);
        this.memoryBudget = b.memoryBudget;
        this.maxConcurrentDeliveries = b.maxConcurrentDeliveries;
        this.deliveries = new Semaphore(b.maxConcurrentDeliveries);
        if (b.memoryBudget.capacity() < b.maxBodyBytes) {
            throw new IllegalStateException("the memory budget (" + b.memoryBudget.capacity() + " bytes) is smaller than"
                    + " maxBodyBytes (" + b.maxBodyBytes + "): no body at the limit could ever be read; raise the budget"
                    + " with memoryBudget(MemoryBudget.ofBytes(...)) or lower maxBodyBytes");
        }
        if (b.inbox != null && b.store != null) {
            throw new IllegalStateException("choose an idempotency store (synchronous processing) or an inbox"
                    + " (asynchronous processing), not both: the inbox deduplicates by itself");
        }
        requireTransactionsFor(b);
    }

    /**
     * A transactional handler needs a store or inbox that can commit its writes with the done
     * record; without one it would have no transaction to write in.
     */
    private void requireTransactionsFor(Builder b) {
        List<EventHandler> all = new ArrayList<>();
        b.exactHandlers.values().forEach(all::addAll);
        b.prefixRoutes.forEach(route -> all.add(route.handler));
        if (b.fallback != null) {
            all.add(b.fallback);
        }
        if (!needsTransaction(all)) {
            return;
        }
        if (inbox != null && !(inbox instanceof TransactionalInbox)) {
            throw new IllegalStateException("a transactional handler needs an inbox that runs handlers in its"
                    + " transaction (a TransactionalInbox such as payhooks-jdbc's JdbcInbox), but the inbox is "
                    + inbox.getClass().getName() + "; use such an inbox or register an ordinary handler");
        }
        if (inbox == null && !(store instanceof TransactionalIdempotencyStore)) {
            throw new IllegalStateException("a transactional handler needs an idempotency store that records the"
                    + " event in the handler's transaction (a TransactionalIdempotencyStore such as payhooks-jdbc's"
                    + " JdbcIdempotencyStore), but the store is " + store.getClass().getName()
                    + "; set idempotencyStore(...) to such a store or register an ordinary handler");
        }
    }

    /** Whether an event with these handlers is dispatched in one transaction. Also used by {@link InboxProcessor}. */
    static boolean needsTransaction(List<EventHandler> handlers) {
        for (EventHandler handler : handlers) {
            if (handler instanceof TransactionalEventHandler) {
                return true;
            }
        }
        return false;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The provider this receiver serves.
     *
     * @return the provider's short name
     */
    public String provider() {
        return source.provider();
    }

    /**
     * The largest body accepted, in bytes.
     *
     * @return the limit
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The response policy, for adapters that answer before the receiver runs (405, 413, 415).
     *
     * @return the policy
     */
    public ResponsePolicy responsePolicy() {
        return policy;
    }

    /**
     * The budget request bodies of this receiver take their memory from.
     *
     * @return the budget ({@link MemoryBudget#shared()} unless configured)
     */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /**
     * The most deliveries this receiver verifies and handles at once; beyond it, deliveries are
     * answered {@link Outcome#OVERLOADED} at once.
     *
     * @return the limit
     */
    public int maxConcurrentDeliveries() {
        return maxConcurrentDeliveries;
    }

    /**
     * A buffer for the body of one request, for HTTP adapters: it grows as bytes arrive, takes
     * its memory from {@link #memoryBudget()}, refuses a body over {@link #maxBodyBytes()} or
     * beyond the budget, and hands the bytes to a {@link WebhookRequest} without a copy.
     *
     * @param declaredLength the request's {@code Content-Length}, or {@code -1} when none was sent
     *                       (only a guide: memory is taken as bytes arrive, never for this number)
     * @return a new buffer; close it once the answer is written
     */
    public BodyBuffer newBodyBuffer(long declaredLength) {
        return newBodyBuffer(declaredLength, maxBodyBytes);
    }

    /**
     * A buffer as {@link #newBodyBuffer(long)}, for an adapter configured with a smaller size
     * limit than the receiver's.
     *
     * @param declaredLength the request's {@code Content-Length}, or {@code -1} when none was sent
     * @param maxBodyBytes the adapter's limit, between 1 and {@link #maxBodyBytes()}
     * @return a new buffer; close it once the answer is written
     * @throws IllegalArgumentException when the limit is out of that range
     */
    public BodyBuffer newBodyBuffer(long declaredLength, int maxBodyBytes) {
        if (maxBodyBytes < 1 || maxBodyBytes > this.maxBodyBytes) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and the receiver's limit of "
                    + this.maxBodyBytes + ", was " + maxBodyBytes);
        }
        return new BodyBuffer(this, memoryBudget, maxBodyBytes, declaredLength < 0 ? -1 : declaredLength);
    }

    /**
     * For {@link BodyBuffer} (the memory budget is exhausted) and for HTTP adapters whose workers
     * are all busy: 503 with {@code Retry-After}, through the policy and listeners.
     */
    WebhookResponse overloaded(String detail) {
        logOverload(detail);
        return completeEarly(respond(Outcome.OVERLOADED, null, null, detail));
    }

    /**
     * Runs the pipeline for one delivery.
     *
     * <p>At most {@link #maxConcurrentDeliveries()} run at once: one more is answered
     * {@link Outcome#OVERLOADED} (503 with {@code Retry-After}) at once, never queued.
     *
     * @param request the raw request
     * @return the answer; never {@code null}
     */
    public WebhookResponse receive(WebhookRequest request) {
        Objects.requireNonNull(request, "request");
        if (!deliveries.tryAcquire()) {
            String detail = "maxConcurrentDeliveries (" + maxConcurrentDeliveries + ") deliveries were in progress";
            logOverload(detail);
            return completeEarly(respond(Outcome.OVERLOADED, null, null, detail));
        }
        try {
            return receiveWithPermit(request);
        } finally {
            deliveries.release();
        }
    }

    private WebhookResponse receiveWithPermit(WebhookRequest request) {
        Instant started = clock.instant();
        for (WebhookListener listener : listeners) {
            try {
                listener.onReceived(request);
            } catch (RuntimeException e) {
                log.warn("webhook listener {} failed in onReceived; ignored", listener.getClass().getName(), e);
            }
        }
        WebhookResponse response;
        try {
            response = process(request, started);
        } catch (RuntimeException e) {
            // A bug in a verifier, decoder or store: still answer, and let the provider retry.
            log.error("payhooks {}: unexpected {} while receiving a webhook; answering 500",
                    source.provider(), e.getClass().getName(), e);
            response = respond(Outcome.FAILED, null, null, "unexpected " + e.getClass().getName());
        } catch (Error e) {
            // No answer to give; listeners that hold per-delivery state (an open observation) let go.
            Duration elapsed = Duration.between(started, clock.instant());
            notifyListeners("onAborted", listener -> listener.onAborted(e, elapsed));
            throw e;
        }
        Duration elapsed = Duration.between(started, clock.instant());
        for (WebhookListener listener : listeners) {
            try {
                listener.onCompleted(response, elapsed);
            } catch (RuntimeException e) {
                log.warn("webhook listener {} failed in onCompleted; ignored", listener.getClass().getName(), e);
            }
        }
        return response;
    }

    /**
     * Answers a request that an HTTP adapter refused before it could become a
     * {@link WebhookRequest} (wrong method, body over the limit, wrong content type), so that the
     * answer follows this receiver's {@link ResponsePolicy} and its {@link WebhookListener}s see
     * the rejection like any other.
     *
     * @param reason why the adapter refused it, e.g. {@link RejectionReason#BODY_TOO_LARGE}
     * @param detail a diagnostic for the log (never sent); no secrets or body content
     * @return the answer to copy to the HTTP response
     */
    public WebhookResponse rejectBeforeReceiving(RejectionReason reason, String detail) {
        Objects.requireNonNull(reason, "reason");
        return completeEarly(reject(reason, null, detail));
    }

    /**
     * An overload is worth a WARN, but a flood of them must not flood the log: one WARN per
     * 10 seconds, the rest at DEBUG (listeners count every one).
     */
    private void logOverload(String detail) {
        long now = System.nanoTime();
        long last = lastOverloadWarning.get();
        if ((last == 0 || now - last >= OVERLOAD_WARNING_INTERVAL_NANOS) && lastOverloadWarning.compareAndSet(last, now)) {
            log.warn("payhooks {}: answering 503 with Retry-After: {} (further overloads in the next 10 s are logged"
                    + " at DEBUG)", source.provider(), detail);
        } else {
            log.debug("payhooks {}: answering 503 with Retry-After: {}", source.provider(), detail);
        }
    }

    /** Tells the listeners about an answer given before the pipeline ran. */
    private WebhookResponse completeEarly(WebhookResponse response) {
        for (WebhookListener listener : listeners) {
            try {
                listener.onCompleted(response, Duration.ZERO);
            } catch (RuntimeException e) {
                log.warn("webhook listener {} failed in onCompleted; ignored", listener.getClass().getName(), e);
            }
        }
        return response;
    }

    private WebhookResponse process(WebhookRequest request, Instant now) {
        if (request.bodyLength() > maxBodyBytes) {
            return reject(RejectionReason.BODY_TOO_LARGE, null,
                    "the body is " + request.bodyLength() + " bytes, over the limit of " + maxBodyBytes);
        }
        Verification verification;
        try {
            verification = step(PipelineStep.VERIFY, () -> source.verifier().verify(request, now));
        } catch (WebhookVerificationException e) {
            return reject(e.reason(), null, e.getMessage());
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: secrets unavailable ({}); answering 503", source.provider(), LogText.escape(e.getMessage()), e);
            return respond(Outcome.UNAVAILABLE, null, null, e.getMessage());
        }
        if (source.decoder().requiresUtf8()) {
            // After verification, so an unsigned sender learns nothing; before decoding, so no
            // parser reads an overlong "id" or a surrogate that a strict parser would refuse.
            byte[] body = CoreAccess.request().body(request);
            int malformed = Utf8.firstMalformed(body);
            if (malformed >= 0) {
                return reject(RejectionReason.MALFORMED_BODY_ENCODING, null, "the body is not UTF-8 (RFC 8259 section 8.1"
                        + " requires it of JSON between systems): " + Utf8.describe(body, malformed) + " at byte " + malformed);
            }
        }
        Event event;
        try {
            Verification verified = verification;
            event = step(PipelineStep.DECODE, () -> source.decoder().decode(request, verified));
        } catch (WebhookDecodingException e) {
            return reject(e.reason(), null, e.getMessage());
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: event confirmation unavailable ({}); answering 503", source.provider(),
                    LogText.escape(e.getMessage()), e);
            return respond(Outcome.UNAVAILABLE, null, null, e.getMessage());
        }
        Instant filtering = filters.isEmpty() ? null : stepStarted();
        for (Predicate<? super Event> filter : filters) {
            boolean accepted;
            try {
                accepted = filter.test(event);
            } catch (RuntimeException e) {
                stepEnded(PipelineStep.FILTER, filtering, e);
                log.warn("payhooks {}: a filter threw {} for event {} ({}); answering 500",
                        source.provider(), e.getClass().getName(), LogText.escape(event.id()), LogText.escape(event.type()), e);
                return respond(Outcome.FAILED, null, event, "filter threw " + e.getClass().getName());
            }
            if (!accepted) {
                stepEnded(PipelineStep.FILTER, filtering, null);
                log.debug("payhooks {}: event {} ({}) filtered out", source.provider(), LogText.escape(event.id()),
                        LogText.escape(event.type()));
                return respond(Outcome.FILTERED, null, event, null);
            }
        }
        stepEnded(PipelineStep.FILTER, filtering, null);
        List<EventHandler> handlers = route(event.type());
        if (handlers.isEmpty()) {
            log.debug("payhooks {}: no handler for event type {} ({}); acknowledged", source.provider(),
                    LogText.escape(event.type()), LogText.escape(event.id()));
            return respond(Outcome.UNHANDLED, null, event, null);
        }
        return inbox != null ? enqueue(request, event) : dispatch(event, handlers);
    }

    /**
     * Headers kept with an inbox row so a worker can decode it again (message id, event type,
     * timestamp). Signatures and credentials are not kept: the row is already verified, and a
     * table is no place for them.
     */
    private static boolean isStorable(String lowerCaseName) {
        return !(lowerCaseName.contains("signature") || lowerCaseName.contains("hmac")
                || lowerCaseName.equals("authorization") || lowerCaseName.equals("proxy-authorization")
                || lowerCaseName.equals("cookie"));
    }

    private WebhookResponse enqueue(WebhookRequest request, Event event) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (String name : request.headerNames()) {
            if (isStorable(name)) {
                headers.put(name, request.headers(name));
            }
        }
        InboxMessage message = InboxMessage.builder().id("new").provider(event.provider())
                .tenant(event.tenant().orElse("")).idempotencyKey(event.idempotencyKey()).eventId(event.id())
                .eventType(event.type()).receivedAt(clock.instant()).body(request)
                .headers(headers).build();
        boolean stored;
        try {
            stored = step(PipelineStep.ENQUEUE, () -> inbox.handOff(message, event));
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: the inbox is unavailable for event {} ({}); answering 503", source.provider(),
                    LogText.escape(event.id()), LogText.escape(e.getMessage()), e);
            return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
        }
        if (!stored) {
            log.debug("payhooks {}: event {} is already in the inbox; duplicate acknowledged", source.provider(),
                    LogText.escape(event.id()));
            return respond(Outcome.DUPLICATE, null, event, null);
        }
        log.debug("payhooks {}: event {} ({}) stored in the inbox", source.provider(), LogText.escape(event.id()),
                LogText.escape(event.type()));
        return respond(Outcome.QUEUED, null, event, null);
    }

    private WebhookResponse dispatch(Event event, List<EventHandler> handlers) {
        if (needsTransaction(handlers)) {
            return dispatchInTransaction(event, handlers);
        }
        IdempotencyKey key = IdempotencyKey.of(event);
        ClaimResult claim;
        try {
            claim = step(PipelineStep.CLAIM, () -> store.claim(key, lease));
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: idempotency store unavailable for event {} ({}); answering 503",
                    source.provider(), LogText.escape(event.id()), LogText.escape(e.getMessage()), e);
            return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
        }
        if (claim instanceof ClaimResult.Completed) {
            log.debug("payhooks {}: event {} already handled; duplicate acknowledged", source.provider(),
                    LogText.escape(event.id()));
            return respond(Outcome.DUPLICATE, null, event, null);
        }
        if (claim instanceof ClaimResult.InProgress) {
            log.debug("payhooks {}: event {} is being handled elsewhere", source.provider(), LogText.escape(event.id()));
            return respond(Outcome.IN_PROGRESS, null, event, null);
        }
        ClaimToken token = ((ClaimResult.Claimed) claim).token();
        OrderingGuard.Pass pass;
        try {
            pass = ordering == null ? OrderingGuard.Pass.unguarded(event) : ordering.admit(event);
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: the ordering guard is unavailable for event {} ({}); claim released, answering 503",
                    source.provider(), LogText.escape(event.id()), LogText.escape(e.getMessage()), e);
            releaseQuietly(key, token, event);
            return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
        }
        if (pass.kind() != OrderingGuard.Kind.RUN) {
            return notRun(pass, key, token, event);
        }
        event = pass.event();
        Instant handling = stepStarted();
        for (EventHandler handler : handlers) {
            try {
                handler.handle(event);
            } catch (WebhookUnavailableException e) {
                stepEnded(PipelineStep.HANDLE, handling, e);
                // The handler says a dependency of its own (a provider API, a database) is down: the
                // same answer as for the store, so the provider retries and dashboards see UNAVAILABLE.
                log.warn("payhooks {}: a handler found a dependency unavailable for event {} ({}); claim released,"
                        + " answering 503", source.provider(), LogText.escape(event.id()), LogText.escape(event.type()), e);
                pass.failed();
                releaseQuietly(key, token, event);
                return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
            } catch (Exception | LinkageError | AssertionError e) {
                stepEnded(PipelineStep.HANDLE, handling, e);
                // Errors such as OutOfMemoryError are not caught: the process is in trouble and
                // the lease will expire, so the provider's retry runs the event again.
                log.warn("payhooks {}: handler failed for event {} ({}); claim released so the retry runs it",
                        source.provider(), LogText.escape(event.id()), LogText.escape(event.type()), e);
                pass.failed();
                releaseQuietly(key, token, event);
                return respond(Outcome.FAILED, null, event, "handler threw " + e.getClass().getName());
            }
        }
        stepEnded(PipelineStep.HANDLE, handling, null);
        pass.succeeded();
        completeQuietly(key, token, event);
        return respond(Outcome.HANDLED, null, event, null);
    }

    /**
     * The ordering guard found the event stale (skip: done, so the claim completes) or its object
     * held by another event (the claim is released so the provider's redelivery runs it).
     */
    private WebhookResponse notRun(OrderingGuard.Pass pass, IdempotencyKey key, ClaimToken token, Event event) {
        if (pass.kind() == OrderingGuard.Kind.STALE) {
            log.debug("payhooks {}: event {} ({}) skipped: {}", source.provider(), LogText.escape(event.id()),
                    LogText.escape(event.type()), LogText.escape(pass.detail()));
            completeQuietly(key, token, event);
            return respond(Outcome.STALE, null, event, pass.detail());
        }
        log.debug("payhooks {}: event {}: {}", source.provider(), LogText.escape(event.id()), LogText.escape(pass.detail()));
        releaseQuietly(key, token, event);
        return respond(Outcome.IN_PROGRESS, null, event, pass.detail());
    }

    private void completeQuietly(IdempotencyKey key, ClaimToken token, Event event) {
        try {
            if (!step(PipelineStep.COMPLETE, () -> store.complete(key, token))) {
                log.warn("payhooks {}: the claim on event {} expired while its handlers ran and was taken over;"
                        + " lengthen the lease (now {})", source.provider(), LogText.escape(event.id()), lease);
            }
        } catch (WebhookUnavailableException e) {
            // The handlers succeeded; telling the provider to retry would run them again. Acknowledge,
            // and say that a redelivery after the lease could run them once more.
            log.warn("payhooks {}: event {} was handled but its completion could not be recorded; a redelivery"
                    + " after the lease may run it again", source.provider(), LogText.escape(event.id()), e);
        }
    }

    /**
     * Transactional dispatch: the store records the event as completed and runs the handlers in one
     * transaction, so there is no claim to complete or release; a failure rolls back both.
     */
    private WebhookResponse dispatchInTransaction(Event delivered, List<EventHandler> handlers) {
        IdempotencyKey key = IdempotencyKey.of(delivered);
        // The ordering guard holds the object around the transaction: a stale event is answered
        // without a transaction (a redelivery is judged stale again), and the version advances
        // only after the commit, as for ordinary handlers.
        OrderingGuard.Pass pass;
        try {
            pass = ordering == null ? OrderingGuard.Pass.unguarded(delivered) : ordering.admit(delivered);
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: the ordering guard is unavailable for event {} ({}); answering 503",
                    source.provider(), LogText.escape(delivered.id()), LogText.escape(e.getMessage()), e);
            return respond(Outcome.UNAVAILABLE, null, delivered, e.getMessage());
        }
        if (pass.kind() != OrderingGuard.Kind.RUN) {
            log.debug("payhooks {}: event {} ({}) not run: {}", source.provider(), LogText.escape(delivered.id()),
                    LogText.escape(delivered.type()), LogText.escape(pass.detail()));
            return respond(pass.kind() == OrderingGuard.Kind.STALE ? Outcome.STALE : Outcome.IN_PROGRESS, null, delivered,
                    pass.detail());
        }
        Event event = pass.event();
        WebhookResponse response = runInTransaction(key, event, handlers);
        if (response.outcome() == Outcome.HANDLED) {
            pass.succeeded();
        } else {
            pass.failed();
        }
        return response;
    }

    private WebhookResponse runInTransaction(IdempotencyKey key, Event event, List<EventHandler> handlers) {
        Throwable[] handlerFailure = new Throwable[1];
        Instant[] handling = new Instant[1];
        TransactionalIdempotencyStore.Result result;
        try {
            result = ((TransactionalIdempotencyStore) store).completeWithin(key, () -> {
                handling[0] = stepStarted();
                try {
                    for (EventHandler handler : handlers) {
                        handler.handle(event);
                    }
                } catch (Exception | LinkageError | AssertionError e) {
                    handlerFailure[0] = e;
                    stepEnded(PipelineStep.HANDLE, handling[0], e);
                    throw e;
                }
                stepEnded(PipelineStep.HANDLE, handling[0], null);
            });
        } catch (Exception | LinkageError | AssertionError e) {
            if (handlerFailure[0] == e && e instanceof WebhookUnavailableException) {
                log.warn("payhooks {}: a transactional handler found a dependency unavailable for event {} ({});"
                        + " rolled back, answering 503", source.provider(), LogText.escape(event.id()),
                        LogText.escape(event.type()), e);
                return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
            }
            if (handlerFailure[0] == e) {
                log.warn("payhooks {}: transactional handler failed for event {} ({}); rolled back so the retry runs it",
                        source.provider(), LogText.escape(event.id()), LogText.escape(event.type()), e);
                return respond(Outcome.FAILED, null, event, "handler threw " + e.getClass().getName());
            }
            if (e instanceof WebhookUnavailableException) {
                log.warn("payhooks {}: the store's transaction failed for event {} ({}); nothing committed, answering 503",
                        source.provider(), LogText.escape(event.id()), LogText.escape(e.getMessage()), e);
                return respond(Outcome.UNAVAILABLE, null, event, e.getMessage());
            }
            log.error("payhooks {}: unexpected {} from the store's transaction for event {}; answering 500",
                    source.provider(), e.getClass().getName(), LogText.escape(event.id()), e);
            return respond(Outcome.FAILED, null, event, "unexpected " + e.getClass().getName());
        }
        switch (result) {
            case ALREADY_COMPLETED:
                log.debug("payhooks {}: event {} already handled; duplicate acknowledged", source.provider(),
                        LogText.escape(event.id()));
                return respond(Outcome.DUPLICATE, null, event, null);
            case IN_PROGRESS:
                log.debug("payhooks {}: event {} is being handled elsewhere", source.provider(), LogText.escape(event.id()));
                return respond(Outcome.IN_PROGRESS, null, event, null);
            default:
                return respond(Outcome.HANDLED, null, event, null);
        }
    }

    private void releaseQuietly(IdempotencyKey key, ClaimToken token, Event event) {
        try {
            step(PipelineStep.RELEASE, () -> store.release(key, token));
        } catch (WebhookUnavailableException e) {
            log.warn("payhooks {}: could not release the claim on event {}; the retry runs after the lease of {}",
                    source.provider(), LogText.escape(event.id()), lease, e);
        }
    }

    /** Runs one step, telling listeners how long it took and whether it threw. */
    private <T> T step(PipelineStep step, Supplier<T> work) {
        Instant started = stepStarted();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            stepEnded(step, started, e);
            throw e;
        }
        stepEnded(step, started, null);
        return result;
    }

    /** The start of a step, or {@code null} when nobody listens (no clock reads then). */
    private Instant stepStarted() {
        return listeners.isEmpty() ? null : clock.instant();
    }

    /** Reports a step that began at {@code started}; {@code failure} is what it threw, or {@code null}. */
    private void stepEnded(PipelineStep step, Instant started, Throwable failure) {
        if (started == null) {
            return;
        }
        Duration elapsed = Duration.between(started, clock.instant());
        if (failure == null) {
            notifyListeners("onStepCompleted", listener -> listener.onStepCompleted(step, elapsed));
        } else {
            notifyListeners("onStepFailed", listener -> listener.onStepFailed(step, elapsed, failure));
        }
    }

    private void notifyListeners(String callback, Consumer<WebhookListener> call) {
        for (WebhookListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("webhook listener {} failed in {}; ignored", listener.getClass().getName(), callback, e);
            }
        }
    }

    /** The handlers for a type: exact ones, then prefix ones, else the fallback. Also used by {@link InboxProcessor}. */
    List<EventHandler> route(String type) {
        List<EventHandler> exact = exactHandlers.get(type);
        List<EventHandler> matched = null;
        for (PrefixRoute route : prefixRoutes) {
            if (type.startsWith(route.prefix)) {
                if (matched == null) {
                    matched = new ArrayList<>(exact == null ? List.of() : exact);
                }
                matched.add(route.handler);
            }
        }
        if (matched != null) {
            return matched;
        }
        if (exact != null) {
            return exact;
        }
        return fallback == null ? List.of() : List.of(fallback);
    }

    private WebhookResponse reject(RejectionReason reason, Event event, String detail) {
        WebhookResponse response = respond(Outcome.REJECTED, reason, event, detail);
        String printable = response.detail().orElse(null);
        if (reason == RejectionReason.NO_ACTIVE_SECRET) {
            log.warn("payhooks {}: rejected a delivery with {} ({}) because no configured secret is active: {}",
                    source.provider(), reason, response.status(), printable);
        } else {
            log.debug("payhooks {}: rejected a delivery with {} ({}): {}", source.provider(), reason, response.status(), printable);
        }
        return response;
    }

    /**
     * The answer. A detail may quote the request (a tenant, a content type, a header name), so it
     * is escaped once here, for this log and for every listener and tool that prints it.
     */
    private WebhookResponse respond(Outcome outcome, RejectionReason reason, Event event, String detail) {
        return WebhookResponse.of(policy.reply(outcome, reason), outcome, reason, event,
                detail == null ? null : LogText.escape(detail));
    }

    @Override
    public String toString() {
        return "WebhookReceiver[" + source.provider() + ", types=" + exactHandlers.keySet()
                + ", prefixes=" + prefixRoutes.size() + ", fallback=" + (fallback != null) + "]";
    }

    private record PrefixRoute(String prefix, EventHandler handler) {
    }

    /**
     * Builds a {@link WebhookReceiver}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private WebhookSource source;
        private IdempotencyStore store;
        private Duration lease = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private int maxBodyBytes = 1 << 20;
        private final List<Predicate<? super Event>> filters = new ArrayList<>();
        private final Map<String, List<EventHandler>> exactHandlers = new HashMap<>();
        private final List<PrefixRoute> prefixRoutes = new ArrayList<>();
        private EventHandler fallback;
        private ResponsePolicy policy = ResponsePolicy.defaults();
        private final List<WebhookListener> listeners = new ArrayList<>();
        private DeliveryHandoff inbox;
        private Ordering ordering;
        private MemoryBudget memoryBudget = MemoryBudget.shared();
        private int maxConcurrentDeliveries = 64;

        private Builder() {
        }

        /**
         * The budget request bodies take their memory from while they are read and handled
         * (default: {@link MemoryBudget#shared()}, 64 MiB for the whole JVM). A request whose
         * body does not fit is answered {@link Outcome#OVERLOADED} (503 with {@code Retry-After})
         * before more of it is read.
         *
         * @param budget the budget; at least {@link #maxBodyBytes(int)}
         * @return this builder
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * The most deliveries verified and handled at once (default 64). One more is answered
         * {@link Outcome#OVERLOADED} (503 with {@code Retry-After}) at once and the provider
         * retries it later: a burst never builds an unbounded queue, and slow handlers cannot
         * take every thread of the container. Keep it below the container's worker thread count
         * (Jetty and Tomcat default to 200) so that other endpoints keep threads.
         *
         * @param maxConcurrentDeliveries at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxConcurrentDeliveries(int maxConcurrentDeliveries) {
            if (maxConcurrentDeliveries < 1) {
                throw new IllegalArgumentException("maxConcurrentDeliveries must be at least 1, was " + maxConcurrentDeliveries);
            }
            this.maxConcurrentDeliveries = maxConcurrentDeliveries;
            return this;
        }

        /**
         * Inbox mode: store verified deliveries and answer 200 as soon as the row is committed;
         * an {@link InboxProcessor} runs the handlers later, on workers. Use it when handlers may
         * take longer than the provider waits (10 to 30 s) or call other systems. Excludes
         * {@link #idempotencyStore}: the inbox deduplicates by itself.
         *
         * <p>Any {@link DeliveryHandoff} fits, not only an {@link Inbox}: payhooks-kafka's hand-off
         * answers once the broker acknowledged the record, and its workers deduplicate with their
         * own idempotency store.
         *
         * @param inbox the inbox, or another hand-off that returns only once the delivery is durable
         * @return this builder
         */
        public Builder inbox(DeliveryHandoff inbox) {
            this.inbox = Objects.requireNonNull(inbox, "inbox");
            return this;
        }

        /**
         * Turns on the ordering guard: an event older than one already handled for the same
         * provider object is skipped ({@link Outcome#STALE}) or flagged, and same-second ties are
         * flagged or refetched; see {@link Ordering}. Off by default. Events whose decoder names no
         * object are handled as without it.
         *
         * @param ordering the guard's store and policies, e.g. {@link Ordering#inMemory()}
         * @return this builder
         * @since 0.1.0
         */
        public Builder ordering(Ordering ordering) {
            this.ordering = Objects.requireNonNull(ordering, "ordering");
            return this;
        }

        /**
         * The provider's verifier and decoder (required).
         *
         * @param source from a provider module, e.g. {@code StripeWebhooks.source(secret)}
         * @return this builder
         */
        public Builder source(WebhookSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Where claims and completions are recorded (default: a new in-memory store). Use a shared
         * store when several application instances receive the same provider's webhooks.
         *
         * @param store the store
         * @return this builder
         */
        public Builder idempotencyStore(IdempotencyStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How long a claim holds while handlers run (default 5 minutes). After it, a redelivery
         * takes over: keep it longer than your slowest handler.
         *
         * @param lease a positive duration of at most one day
         * @return this builder
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero() || lease.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("lease must be positive and at most one day (the provider retries"
                        + " long before that), was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * The clock timestamps are checked against (default UTC system clock; inject one in tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The largest body accepted (default 1 MiB); larger ones are rejected with 413.
         *
         * @param maxBodyBytes at least 1
         * @return this builder
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Adds a filter, evaluated after verification in the order added. An event any filter
         * rejects is answered 200 and reaches no handler. Yoco, for example, sends every payment event
         * of an account to the endpoint and asks you to handle only your own checkouts ("Filter
         * events" in <a href="https://developer.yoco.com/online/api-reference/webhooks/accept-events">Listen
         * for events</a>):
         * {@code .filter(e -> e.at("/payload/metadata/checkoutId").map(myCheckouts::contains).orElse(false))}.
         *
         * @param filter returns {@code true} to keep the event
         * @return this builder
         */
        public Builder filter(Predicate<? super Event> filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Adds a handler for an event type: an exact type ({@code refund.failed}) or a prefix
         * ending in {@code .*} ({@code refund.*}). Several handlers may match one type; they run
         * in the order added, exact ones first.
         *
         * @param typePattern an exact type or a prefix pattern
         * @param handler the handler
         * @return this builder
         */
        public Builder on(String typePattern, EventHandler handler) {
            Objects.requireNonNull(typePattern, "typePattern");
            Objects.requireNonNull(handler, "handler");
            if (typePattern.isEmpty() || typePattern.equals("*")) {
                throw new IllegalArgumentException("name an event type or a prefix like \"refund.*\";"
                        + " use otherwise(handler) for every other type");
            }
            int star = typePattern.indexOf('*');
            if (star >= 0) {
                if (star != typePattern.length() - 1 || !typePattern.endsWith(".*")) {
                    throw new IllegalArgumentException("'" + typePattern + "': a wildcard may only end a pattern,"
                            + " after a dot, as in \"refund.*\"");
                }
                prefixRoutes.add(new PrefixRoute(typePattern.substring(0, typePattern.length() - 1), handler));
            } else {
                exactHandlers.computeIfAbsent(typePattern, k -> new ArrayList<>()).add(handler);
            }
            return this;
        }

        /**
         * The handler for types no other handler matches (default: none; such events are
         * acknowledged with 200 and not recorded).
         *
         * @param handler the fallback
         * @return this builder
         */
        public Builder otherwise(EventHandler handler) {
            this.fallback = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The response policy (default {@link ResponsePolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder responsePolicy(ResponsePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a listener. It is told it was added ({@link WebhookListener#onAttached}) when
         * {@link #build()} runs.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(WebhookListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The receiver.
         *
         * @return an immutable receiver
         * @throws IllegalStateException when no source was given
         * @throws RuntimeException what a listener's {@link WebhookListener#onAttached} throws, such
         *         as a listener that serves one receiver only being added to a second one
         */
        public WebhookReceiver build() {
            if (source == null) {
                throw new IllegalStateException("a receiver needs a source: call source(StripeWebhooks.source(secret))"
                        + " or another provider's source");
            }
            WebhookReceiver receiver = new WebhookReceiver(this);
            for (WebhookListener listener : receiver.listeners) {
                listener.onAttached(receiver);
            }
            return receiver;
        }
    }
}
