package dev.payhooks.servlet.internal;

import dev.payhooks.internal.http.BufferInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The request passed down the chain in pass-through mode: the container's body stream was read to
 * verify the signature, so this wrapper replays exactly those bytes to the application's code.
 */
public final class ReplayingRequest extends HttpServletRequestWrapper {

    private final ByteBuffer body;
    private ReplayStream stream;
    private BufferedReader reader;

    /**
     * Wraps a request.
     *
     * @param request the container's request, whose body has been read
     * @param body a read-only view of the bytes that were read and verified; not copied
     */
    public ReplayingRequest(HttpServletRequest request, ByteBuffer body) {
        super(request);
        this.body = body.asReadOnlyBuffer();
    }

    @Override
    public ServletInputStream getInputStream() {
        // The Servlet contract: the body is read either as bytes or as characters, not both.
        if (reader != null) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        if (stream == null) {
            stream = new ReplayStream(body);
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (stream != null) {
            throw new IllegalStateException("getInputStream() has already been called for this request");
        }
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(new BufferInputStream(body), charset()));
        }
        return reader;
    }

    @Override
    public int getContentLength() {
        return body.remaining();
    }

    @Override
    public long getContentLengthLong() {
        return body.remaining();
    }

    /** The declared charset, else UTF-8: JSON exchanged between systems is UTF-8 (RFC 8259 section 8.1). */
    private Charset charset() throws UnsupportedEncodingException {
        String name = getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            UnsupportedEncodingException unsupported = new UnsupportedEncodingException(name);
            unsupported.initCause(e);
            throw unsupported;
        }
    }

    /** A servlet stream over the verified bytes (a view, not a copy); always ready, since they are in memory. */
    private static final class ReplayStream extends ServletInputStream {
        private final BufferInputStream in;

        ReplayStream(ByteBuffer body) {
            this.in = new BufferInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, length);
        }

        @Override
        public long skip(long n) {
            return in.skip(n);
        }

        @Override
        public int available() {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            if (listener == null) {
                throw new NullPointerException("listener");
            }
            // Everything is already available: report it at once, as a container would.
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        }
    }
}
