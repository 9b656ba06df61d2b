package dev.payhooks;

import dev.payhooks.testkit.MutableClock;
import dev.payhooks.testkit.TestScheme;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body is copied once, at most: from the network into the {@link BodyBuffer}. Handing it to
 * the request, verifying, decoding, dispatching and answering allocate nothing that grows with the
 * body. Measured with the JVM's per-thread allocation counter on bodies of 64 KiB and 512 KiB: a
 * body-sized copy anywhere in {@code receive} would show up as at least the body's size.
 */
class BodyCopiesTest {

    private static final String SECRET = "test_secret_4f0c2a";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger handled = new AtomicInteger();
    private final WebhookReceiver receiver = WebhookReceiver.builder().source(TestScheme.source(SECRET)).clock(clock)
            .on("bulk.test", event -> handled.incrementAndGet()).maxBodyBytes(2 << 20)
            .memoryBudget(MemoryBudget.ofBytes(64L << 20)).build();

    @Test
    void receiveAllocatesNothingThatGrowsWithTheBody() {
        for (int size : new int[] {64 * 1024, 512 * 1024}) {
            // Warm up first, so that class loading and JIT compilation are not counted.
            for (int i = 0; i < 30; i++) {
                receiver.receive(request("evt_warm_" + size + "_" + i, size));
            }
            long most = 0;
            for (int i = 0; i < 5; i++) {
                WebhookRequest request = request("evt_measured_" + size + "_" + i, size);
                long before = allocated();
                WebhookResponse response = receiver.receive(request);
                long used = allocated() - before;
                assertThat(response.status()).isEqualTo(200);
                most = Math.max(most, used);
            }
            System.out.printf("receive of a %d-byte body allocates at most %d bytes%n", size, most);
            assertThat(most).as("bytes allocated by receive for a %d-byte body", size).isLessThan(size / 4);
        }
    }

    @Test
    void aBodyWithAKnownLengthIsCopiedOnceFromTheNetworkWhenItFitsTheFirstAllocation() {
        byte[] body = body("evt_small", 4096);
        for (int i = 0; i < 30; i++) {
            try (BodyBuffer warm = fill(body)) {
                warm.toRequest().build();
            }
        }
        long before = allocated();
        BodyBuffer buffer = fill(body);
        WebhookRequest request = buffer.toRequest().build();
        long used = allocated() - before;
        buffer.close();
        System.out.printf("reading a %d-byte body into a request allocates %d bytes%n", body.length, used);
        // The body array itself plus small fixed objects: one copy, not two.
        assertThat(used).isGreaterThanOrEqualTo(body.length).isLessThan(2L * body.length);
        assertThat(request.bodyLength()).isEqualTo(body.length);
    }

    private BodyBuffer fill(byte[] body) {
        BodyBuffer buffer = receiver.newBodyBuffer(body.length);
        for (int offset = 0; offset < body.length; offset += 1024) {
            buffer.append(body, offset, Math.min(1024, body.length - offset));
        }
        return buffer;
    }

    /**
     * HotSpot's per-thread allocation counter ({@code com.sun.management.ThreadMXBean}), reached
     * reflectively so that the core module itself does not have to read the management modules.
     */
    private static long allocated() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method counter = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            return (long) counter.invoke(threads, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this test needs HotSpot's allocation counter", e);
        }
    }

    private WebhookRequest request(String id, int size) {
        return TestScheme.signed(SECRET, NOW.getEpochSecond(), body(id, size)).build();
    }

    /** A valid event of about {@code size} bytes: pretty-printed padding strings under the string limit. */
    private static byte[] body(String id, int size) {
        StringBuilder json = new StringBuilder(size + 64).append("{\n  \"id\": \"").append(id)
                .append("\",\n  \"type\": \"bulk.test\",\n  \"created\": 1700000000,\n  \"livemode\": false,\n  \"data\": {\n    \"pad\": [");
        boolean first = true;
        while (json.length() < size - 40) {
            int piece = Math.min(4000, size - 40 - json.length());
            json.append(first ? "\n      \"" : ",\n      \"").append("x".repeat(Math.max(1, piece - 12))).append("\u00e9\"");
            first = false;
        }
        return json.append("\n    ]\n  }\n}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
