package dev.payhooks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw body of one request as an HTTP adapter reads it: bytes are appended as they arrive,
 * memory is taken from the receiver's {@link MemoryBudget} as the buffer grows, and the finished
 * body is handed to a {@link WebhookRequest} without a copy. For authors of HTTP adapters; a
 * merchant never needs it.
 *
 * <pre>{@code
 * try (BodyBuffer body = receiver.newBodyBuffer(contentLength)) {
 *     int n;
 *     while ((n = in.read(chunk)) >= 0) {
 *         if (!body.append(chunk, 0, n)) {
 *             return body.refusal().orElseThrow();      // 413 or 503, already through the policy and listeners
 *         }
 *     }
 *     return receiver.receive(body.toRequest().header(...).build());
 * }                                                     // the memory goes back to the budget here
 * }</pre>
 *
 * <p>Growth follows the bytes that arrived, never a declared length alone: the first allocation is
 * at most 8 KiB, each later one at most doubles, and none exceeds the declared length (or the
 * size limit plus one byte when no length was declared). When the declared length was right, the
 * last array is exactly the body and becomes the request's without a copy; a body sent without a
 * length is trimmed once.
 *
 * <p>A buffer belongs to one request and is not thread-safe. Close it once the answer is written
 * (also when reading failed): closing gives its memory back to the budget.
 *
 * @since 0.1.0
 */
public final class BodyBuffer implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST_ALLOCATION = 8192;

    private final WebhookReceiver receiver;
    private final MemoryBudget budget;
    private final int limit;
    private final long declared;
    private byte[] bytes = EMPTY;
    private int size;
    private long reserved;
    private WebhookResponse refusal;
    private boolean handedOver;
    private boolean closed;

    BodyBuffer(WebhookReceiver receiver, MemoryBudget budget, int limit, long declared) {
        this.receiver = receiver;
        this.budget = budget;
        this.limit = limit;
        this.declared = declared;
    }

    /**
     * Appends bytes that arrived.
     *
     * @param source the bytes
     * @param offset where they start in {@code source}
     * @param length how many
     * @return {@code true} when they were kept; {@code false} when the body passed the size limit
     *         or the memory budget is exhausted: stop reading and answer {@link #refusal()}
     * @throws IllegalStateException after {@link #toRequest()} or {@link #close()}
     */
    public boolean append(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(source, "source").length);
        if (!ensureRoom(length)) {
            return false;
        }
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return true;
    }

    /**
     * Appends the remaining bytes of a buffer (for stacks that hand out {@code ByteBuffer}s) and
     * advances its position.
     *
     * @param source the bytes
     * @return as {@link #append(byte[], int, int)}
     * @throws IllegalStateException after {@link #toRequest()} or {@link #close()}
     */
    public boolean append(ByteBuffer source) {
        int length = Objects.requireNonNull(source, "source").remaining();
        if (!ensureRoom(length)) {
            return false;
        }
        source.get(bytes, size, length);
        size += length;
        return true;
    }

    private boolean ensureRoom(int length) {
        if (handedOver || closed) {
            throw new IllegalStateException("the body was already handed to a request or closed");
        }
        if (refusal != null) {
            return false;
        }
        long needed = (long) size + length;
        if (needed > limit) {
            refusal = receiver.rejectBeforeReceiving(RejectionReason.BODY_TOO_LARGE, declared >= 0
                    ? "the body passed its declared length and the limit of " + limit + " bytes"
                    : "the body (sent without a Content-Length) is over the limit of " + limit + " bytes");
            return false;
        }
        if (needed <= bytes.length) {
            return true;
        }
        long ceiling = declared >= needed ? Math.min(declared, limit) : limit;
        long capacity = Math.min(ceiling, Math.max(needed, bytes.length == 0 ? FIRST_ALLOCATION : 2L * bytes.length));
        long more = capacity - bytes.length;
        if (!budget.tryReserve(more)) {
            refusal = receiver.overloaded("the memory budget for request bodies (" + budget.capacity()
                    + " bytes) is exhausted; " + size + " bytes of this body had arrived");
            return false;
        }
        reserved += more;
        bytes = Arrays.copyOf(bytes, (int) capacity);
        return true;
    }

    /**
     * The bytes received so far.
     *
     * @return the body length so far
     */
    public int size() {
        return size;
    }

    /**
     * The answer for a body that {@link #append} refused: {@code 413} for a body over the size
     * limit, {@code 503} with {@code Retry-After} when the memory budget is exhausted. It has
     * already gone through the receiver's {@link ResponsePolicy} and listeners.
     *
     * @return the answer, or empty while nothing was refused
     */
    public Optional<WebhookResponse> refusal() {
        return Optional.ofNullable(refusal);
    }

    /**
     * Hands the body to a new request builder without copying it; add the headers, query
     * parameters and path, then build. Appending is over after this.
     *
     * @return a builder whose body is these bytes
     * @throws IllegalStateException when a refusal happened, or called twice, or after {@link #close()}
     */
    public WebhookRequest.Builder toRequest() {
        if (handedOver || closed || refusal != null) {
            throw new IllegalStateException("the body was refused, already handed over or closed");
        }
        handedOver = true;
        byte[] body = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        bytes = EMPTY;
        return WebhookRequest.builder().ownedBody(body);
    }

    /** Gives this buffer's memory back to the budget. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bytes = EMPTY;
            budget.release(reserved);
            reserved = 0;
        }
    }

    @Override
    public String toString() {
        return "BodyBuffer[" + size + " bytes, declared=" + declared + ", limit=" + limit + "]";
    }
}
