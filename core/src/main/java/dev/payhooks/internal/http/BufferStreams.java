package dev.payhooks.internal.http;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The {@code InputStream} reads of a request body replayed from memory, which the adapters'
 * pass-through streams (a servlet stream, a JAX-RS entity stream) must each extend a different
 * class for: one implementation of the contract for both.
 */
public final class BufferStreams {

    private BufferStreams() {
    }

    /**
     * {@link java.io.InputStream#read()} over the buffer's remaining bytes.
     *
     * @param in the bytes; its position advances
     * @return the next byte, 0 to 255, or -1 at the end
     */
    public static int read(ByteBuffer in) {
        return in.hasRemaining() ? in.get() & 0xff : -1;
    }

    /**
     * {@link java.io.InputStream#read(byte[], int, int)} over the buffer's remaining bytes.
     *
     * @param in the bytes; its position advances
     * @param buffer where to copy them
     * @param offset the first index written
     * @param length the most bytes copied
     * @return how many were copied; 0 when {@code length} is 0; -1 at the end
     * @throws IndexOutOfBoundsException when offset and length do not fit the buffer
     */
    public static int read(ByteBuffer in, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!in.hasRemaining()) {
            return -1;
        }
        int n = Math.min(length, in.remaining());
        in.get(buffer, offset, n);
        return n;
    }
}
