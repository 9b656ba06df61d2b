package dev.payhooks.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

import java.util.List;

/** An embedded container on a loopback port, started with filters and servlets mapped to URL patterns. */
interface ServletContainer {

    /**
     * A filter or a servlet (exactly one) mapped to a URL pattern, registered as async-supported
     * (as the README tells merchants to) unless made with {@link #blocking()}.
     */
    record Mount(String pattern, Filter filter, Servlet servlet, boolean async) {
        static Mount filter(String pattern, Filter filter) {
            return new Mount(pattern, filter, null, true);
        }

        static Mount servlet(String pattern, Servlet servlet) {
            return new Mount(pattern, null, servlet, true);
        }

        /** The same mount without async support: the adapter falls back to blocking reads. */
        Mount blocking() {
            return new Mount(pattern, filter, servlet, false);
        }
    }

    /** Starts on an ephemeral loopback port. */
    void start(List<Mount> mounts) throws Exception;

    /** The port it listens on. */
    int port();

    /** A name for test reports. */
    String name();

    /** Stops it. */
    void stop() throws Exception;
}
