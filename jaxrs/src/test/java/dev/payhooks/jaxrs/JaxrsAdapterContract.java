package dev.payhooks.jaxrs;

import dev.payhooks.testkit.contract.HttpAdapterContract;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared suite, plus what only Jakarta REST offers: the verified event as an entity parameter. */
abstract class JaxrsAdapterContract extends HttpAdapterContract {

    /** The read deadline of the /deadline endpoint. */
    static final Duration DEADLINE = Duration.ofSeconds(1);

    @Test
    void cutsOffATricklingSenderAtTheReadDeadlineWith408() throws Exception {
        // Blocking reads (no portable non-blocking read in Jakarta REST): the deadline is checked
        // each time bytes arrive, so one byte every 200 ms is answered 408 soon after 1 s.
        String id = newId();
        byte[] body = event(id, "trickle.test", "{}");
        String head = "POST /deadline HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stack().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> statusLine(socket));
            for (int i = 0; i < body.length && !status.isDone(); i++) {
                Thread.sleep(200);
                try {
                    out.write(body[i]);
                    out.flush();
                } catch (IOException closed) {
                    break;   // answered and closed
                }
            }

            assertThat(status.get(30, TimeUnit.SECONDS)).as(stack().name()).startsWith("HTTP/1.1 408");
            assertThat(handlerRuns(id)).isZero();
        }
    }

    private static String statusLine(Socket socket) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
        } catch (IOException reset) {
            // no answer reads as an empty line
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    @Test
    void passesTheVerifiedEventToAResourceMethodAsItsEntityParameter() throws Exception {
        String id = newId();

        HttpResponse<String> response = send("/pass/event", event(id, "pass.entity", "{}"), "application/json");

        assertThat(response.statusCode()).as(stack().name()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(id + " pass.entity");
    }
}
