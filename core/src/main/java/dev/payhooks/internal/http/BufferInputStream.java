package dev.payhooks.internal.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A request body replayed from memory, for the adapters' pass-through streams: a JAX-RS entity
 * stream extends it; a servlet stream, which must extend {@code ServletInputStream}, reads
 * through one. One implementation of the {@link InputStream} contract for both. Reads a view of
 * the bytes, never a copy. Not thread-safe, as streams are not.
 */
public class BufferInputStream extends InputStream {

    private final ByteBuffer in;

    /**
     * A stream over the bytes between the buffer's position and limit.
     *
     * @param bytes the bytes; read through a duplicate, so the caller's position does not move
     */
    public BufferInputStream(ByteBuffer bytes) {
        this.in = bytes.duplicate();
    }

    @Override
    public int read() {
        return in.hasRemaining() ? in.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
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

    @Override
    public long skip(long n) {
        int skipped = (int) Math.max(0, Math.min(n, in.remaining()));
        in.position(in.position() + skipped);
        return skipped;
    }

    @Override
    public int available() {
        return in.remaining();
    }
}
