package dev.payhooks.benchmarks.redis;

import dev.payhooks.benchmarks.BenchmarkSettings;
import dev.payhooks.benchmarks.SelfCheck;
import dev.payhooks.redis.RedisIdempotencyStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.IdempotencyKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claims per second of {@link RedisIdempotencyStore} next to its floor, a bare
 * {@code SET key value NX PX 60000} on the same connection, in the same run: a claim of a new event
 * is that one command plus the store's work around it (key escaping, token, timeout handling).
 * Also measured: a claim followed by its completion (what each new event costs the store: two
 * round trips), and a claim of a completed event (a duplicate: the SET and a read-only script).
 *
 * <p>The server is a real redis-server on loopback, started by the trial (no persistence, as a
 * cache is usually run), reached through one Lettuce connection; every call uses a new key. One
 * thread unless {@code -t} says otherwise, so the figures are round-trip bound; Lettuce multiplexes
 * many threads over the one connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisClaimBenchmarks extends BenchmarkSettings {

    private static final Duration LEASE = Duration.ofSeconds(60);

    private final AtomicLong sequence = new AtomicLong();
    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private RedisIdempotencyStore store;
    private SetArgs setNx;
    private IdempotencyKey completed;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public RedisClaimBenchmarks() {
    }

    /**
     * Starts redis-server on a free loopback port, connects, and proves that a claim wins once and
     * then sees the claim in progress, that a completed event is a duplicate, and that the bare
     * SET NX creates a key once.
     *
     * @throws IOException when the server cannot start
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
        client = RedisClient.create("redis://127.0.0.1:" + port);
        connection = client.connect();
        redis = connection.sync();
        store = RedisIdempotencyStore.builder(connection).keyPrefix("bench:").build();
        store.initialize();
        setNx = SetArgs.Builder.nx().px(LEASE.toMillis());

        IdempotencyKey key = nextKey();
        SelfCheck.require(store.claim(key, LEASE) instanceof ClaimResult.Claimed, "a new event is claimed");
        SelfCheck.require(store.claim(key, LEASE) instanceof ClaimResult.InProgress, "a claimed event is in progress");
        completed = nextKey();
        ClaimResult claimed = store.claim(completed, LEASE);
        SelfCheck.require(claimed instanceof ClaimResult.Claimed c && store.complete(completed, c.token()),
                "a claimed event completes");
        SelfCheck.require(store.claim(completed, LEASE) instanceof ClaimResult.Completed, "a completed event is a duplicate");
        String bare = "bench:bare:" + sequence.incrementAndGet();
        SelfCheck.require("OK".equals(redis.set(bare, "c:token", setNx)), "SET NX creates a new key");
        SelfCheck.require(redis.set(bare, "c:token", setNx) == null, "SET NX leaves an existing key alone");
    }

    /** Closes the connection and stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        try {
            server.stop();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not stop", e);
        }
    }

    /**
     * The floor: one {@code SET NX PX} of a new key.
     *
     * @return Redis's reply, "OK"
     */
    @Benchmark
    public String bareSetNx() {
        return redis.set("bench:bare:" + sequence.incrementAndGet(), "c:0f8fad5b-d9cb-469f-a165-70867728950e", setNx);
    }

    /**
     * A claim of a new event.
     *
     * @return the claim
     */
    @Benchmark
    public ClaimResult claim() {
        return store.claim(nextKey(), LEASE);
    }

    /**
     * A claim of a new event and its completion.
     *
     * @return whether the completion was recorded
     */
    @Benchmark
    public boolean claimAndComplete() {
        IdempotencyKey key = nextKey();
        ClaimResult.Claimed claimed = (ClaimResult.Claimed) store.claim(key, LEASE);
        return store.complete(key, claimed.token());
    }

    /**
     * A claim of an event completed before: a duplicate delivery.
     *
     * @return the claim, {@link ClaimResult.Completed}
     */
    @Benchmark
    public ClaimResult duplicateClaim() {
        return store.claim(completed, LEASE);
    }

    private IdempotencyKey nextKey() {
        return new IdempotencyKey("stripe", "", "evt_" + sequence.incrementAndGet());
    }
}
