package dev.payhooks.servlet;

import dev.payhooks.MemoryBudget;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.testkit.TestScheme;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of {@link SmallHeapFloodTest}, run in a child JVM with a small heap: the webhook
 * filter with the default memory budget (64 MiB) and default limits in a container with its default
 * thread pool, a handler that counts runs per event id, and {@code /stats} that lists them.
 * Prints {@code PORT <n>} once listening.
 */
public final class FloodServer {

    static final String SECRET = "whsec_flood_9c1d";
    static final long NOW = 1_800_000_000L;

    private FloodServer() {
    }

    /**
     * Runs the server until killed.
     *
     * @param args {@code jetty} or {@code tomcat}, then optionally {@code naive} for the control
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        WebhookReceiver receiver = WebhookReceiver.builder()
                .source(TestScheme.source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .otherwise(event -> runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet())
                .build();
        if (receiver.memoryBudget() != MemoryBudget.shared() || MemoryBudget.shared().capacity() != 64L << 20) {
            throw new IllegalStateException("the flood test is about the default 64 MiB budget");
        }
        ServletContainer container = "tomcat".equals(args[0]) ? new TomcatContainer() : new JettyContainer();
        boolean naive = args.length > 1 && args[1].equals("naive");
        container.start(List.of(
                naive ? ServletContainer.Mount.filter("/hook/*", new NaiveFilter()).blocking()
                        : ServletContainer.Mount.filter("/hook/*", WebhookFilter.of(receiver)),
                ServletContainer.Mount.servlet("/stats", new Stats(runs)),
                ServletContainer.Mount.servlet("/", new Stats(runs))));
        System.out.println("PORT " + container.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * The negative control: what the adapter did before the budget. It allocates a buffer of the
     * declared {@code Content-Length} before a byte of the body has arrived, and reads into it.
     */
    private static final class NaiveFilter implements jakarta.servlet.Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
                             jakarta.servlet.FilterChain chain) throws IOException {
            byte[] body = new byte[(int) Math.max(0, request.getContentLengthLong())];
            int read = 0;
            int n;
            while (read < body.length && (n = request.getInputStream().read(body, read, body.length - read)) > 0) {
                read += n;
            }
            ((HttpServletResponse) response).setStatus(200);
        }
    }

    /** Lists "id runs" lines, then "budget-used <bytes>". */
    private static final class Stats extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, AtomicInteger> runs;

        Stats(Map<String, AtomicInteger> runs) {
            this.runs = runs;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            StringBuilder out = new StringBuilder();
            runs.forEach((id, count) -> out.append(id).append(' ').append(count.get()).append('\n'));
            out.append("budget-used ").append(MemoryBudget.shared().used()).append('\n');
            response.setContentType("text/plain; charset=utf-8");
            response.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
