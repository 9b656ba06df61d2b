package dev.payhooks.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server process (the binary shipped in the embedded-redis jar) on a free loopback
 * port, with its own data directory; stopped (SIGTERM) and started again on the same port and
 * directory to act out an outage or a restart.
 */
final class TestRedis implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final List<String> settings;
    private RedisServer server;

    private TestRedis(int port, Path directory, List<String> settings) {
        this.port = port;
        this.directory = directory;
        this.settings = settings;
    }

    /**
     * A server that keeps nothing on disk, one client and one standalone connection, started once
     * for a test class and closed together after it: the set-up most of this module's tests share.
     * Register it with {@code @RegisterExtension static final TestRedis.Session session = new TestRedis.Session();}.
     */
    static final class Session implements BeforeAllCallback, AfterAllCallback {
        private TestRedis server;
        private RedisClient client;
        private StatefulRedisConnection<String, String> connection;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = start();
            client = server.client();
            connection = client.connect();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            server.close();
        }

        TestRedis server() {
            return server;
        }

        RedisClient client() {
            return client;
        }

        StatefulRedisConnection<String, String> connection() {
            return connection;
        }
    }

    /** A server that keeps nothing on disk (the usual cache set-up). */
    static TestRedis start() {
        return start(false);
    }

    /**
     * A server; with {@code persistent}, every write is appended to an fsync'ed log before it is
     * answered ({@code appendonly yes}, {@code appendfsync always}), so a restart loses nothing.
     */
    static TestRedis start(boolean persistent, String... extraSettings) {
        try {
            Path directory = Files.createTempDirectory("payhooks-redis-");
            List<String> settings = new ArrayList<>();
            settings.add("dir " + directory);
            settings.add("save \"\"");
            settings.add(persistent ? "appendonly yes" : "appendonly no");
            settings.add("appendfsync always");
            settings.add("maxmemory-policy noeviction");
            settings.addAll(List.of(extraSettings));
            TestRedis redis = new TestRedis(freePort(), directory, settings);
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** A client whose connections give up reconnecting never (Lettuce's default) and time out after 10 s. */
    RedisClient client() {
        RedisURI uri = RedisURI.create(uri());
        uri.setTimeout(Duration.ofSeconds(10));
        return RedisClient.create(uri);
    }

    /** Stops the server the way an orderly shutdown does (SIGTERM) and waits for the process to end. */
    void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same port and data directory. */
    void restart() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves every key under {@code prefix} forward in time by {@code duration}: its remaining time to
     * live shrinks by that much, and a key whose time runs out is deleted. To the store, whose leases
     * and retention are Redis expiries, this is the server clock jumping forward; nothing waits.
     */
    static void advance(RedisClusterCommands<String, String> redis, String prefix, Duration duration) {
        long millis = duration.toMillis();
        for (String key : redis.keys(prefix + "*")) {
            long ttl = redis.pttl(key);
            if (ttl < 0) {
                continue;
            }
            if (ttl <= millis) {
                redis.del(key);
            } else {
                redis.pexpire(key, ttl - millis);
            }
        }
    }

    /** {@link #advance} on a standalone connection. */
    static void advance(StatefulRedisConnection<String, String> connection, String prefix, Duration duration) {
        advance(connection.sync(), prefix, duration);
    }

    private void startServer() throws IOException {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        for (String setting : settings) {
            builder.setting(setting);
        }
        server = builder.build();
        server.start();
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
