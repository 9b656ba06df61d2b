package dev.payhooks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the bytes that request bodies may hold in memory at once, across every request of
 * every receiver that shares it. Anyone can open connections to a webhook endpoint, and only the
 * signature check, after the whole body has arrived, tells a provider from an attacker: without a
 * bound, a few hundred connections that each send part of a large body exhaust the heap.
 *
 * <p>Adapters take memory from the budget only as body bytes arrive (see {@link BodyBuffer}),
 * never for a declared {@code Content-Length} alone, and give it back when the request has been
 * answered. A request whose next bytes do not fit is answered {@code 503} with
 * {@code Retry-After} ({@link Outcome#OVERLOADED}) before more of its body is read.
 *
 * <p>Every receiver uses the JVM-wide {@link #shared()} budget unless it is given its own:
 *
 * <pre>{@code
 * MemoryBudget webhooks = MemoryBudget.ofBytes(32L << 20);   // 32 MiB for all endpoints below
 * WebhookReceiver stripe = WebhookReceiver.builder().memoryBudget(webhooks) ... .build();
 * WebhookReceiver omise  = WebhookReceiver.builder().memoryBudget(webhooks) ... .build();
 * }</pre>
 *
 * <p>Size it so that the budget plus what the application itself needs fits in the heap; the
 * budget must be at least the largest body limit of the receivers that use it. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MemoryBudget {

    /** The default size of {@link #shared()}: 64 MiB. */
    public static final long DEFAULT_BYTES = 64L << 20;

    private static final MemoryBudget SHARED = new MemoryBudget(DEFAULT_BYTES);

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    private MemoryBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * A new budget of its own.
     *
     * @param bytes the most body bytes held at once; at least 1 KiB
     * @return the budget
     * @throws IllegalArgumentException when below 1 KiB
     */
    public static MemoryBudget ofBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a memory budget must be at least 1024 bytes, was " + bytes
                    + "; it should hold several bodies at the receivers' size limit");
        }
        return new MemoryBudget(bytes);
    }

    /**
     * The budget every receiver uses unless configured otherwise: {@value #DEFAULT_BYTES} bytes
     * (64 MiB) for the whole JVM.
     *
     * @return the JVM-wide budget
     */
    public static MemoryBudget shared() {
        return SHARED;
    }

    /**
     * The most bytes held at once.
     *
     * @return the capacity in bytes
     */
    public long capacity() {
        return capacity;
    }

    /**
     * The bytes held now, for monitoring.
     *
     * @return bytes currently reserved by request bodies
     */
    public long used() {
        return used.get();
    }

    /**
     * Takes bytes from the budget if they fit.
     *
     * @param bytes how many, at least 0
     * @return {@code true} if taken, {@code false} if they do not fit (nothing taken)
     */
    boolean tryReserve(long bytes) {
        if (bytes == 0) {
            return true;
        }
        while (true) {
            long current = used.get();
            long next = current + bytes;
            if (next > capacity || next < 0) {
                return false;
            }
            if (used.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /**
     * Gives bytes back.
     *
     * @param bytes what an earlier {@link #tryReserve} took
     */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    @Override
    public String toString() {
        return "MemoryBudget[capacity=" + capacity + ", used=" + used.get() + "]";
    }
}
