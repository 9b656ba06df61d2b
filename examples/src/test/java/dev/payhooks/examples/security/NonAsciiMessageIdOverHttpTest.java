package dev.payhooks.examples.security;

import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.hmac.HmacPresets;
import dev.payhooks.servlet.WebhookFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Standard Webhooks delivery whose {@code webhook-id} carries non-ASCII bytes, sent as raw bytes
 * over real HTTP into embedded Jetty 12 and the servlet {@link WebhookFilter}. The sender signs
 * {@code <id>.<timestamp>.<body>} over the bytes it sends (https://www.standardwebhooks.com/); the
 * MAC here is computed with {@code javax.crypto} over exactly those bytes. Jetty hands the header
 * over as one ISO-8859-1 character per byte, and the verifier turns those characters back into
 * the bytes, so the delivery verifies; a MAC over the UTF-8 of the decoded text (what the verifier
 * used to compute) does not.
 */
class NonAsciiMessageIdOverHttpTest {

    private static final byte[] KEY = "payhooks-non-ascii-id-key-24b".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final long T = 1_800_000_000L;
    /** "msg_café-€" as its UTF-8 bytes on the wire. */
    private static final byte[] WIRE_ID = "msg_caf\u00e9-\u20ac".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = ("{\"type\":\"invoice.paid\",\"timestamp\":\"2027-01-15T08:00:00Z\",\"data\":{\"id\":\"in_1\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private static final List<WebhookResponse> answers = new CopyOnWriteArrayList<>();
    private static final List<String> handled = new CopyOnWriteArrayList<>();
    private static Server jetty;
    private static int port;

    @BeforeAll
    static void startJetty() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.builder().source(HmacPresets.standardWebhooks().source(SECRET))
                .clock(Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC))
                .otherwise(event -> handled.add(event.idempotencyKey()))
                .listener(new WebhookListener() {
                    @Override
                    public void onCompleted(WebhookResponse response, Duration elapsed) {
                        answers.add(response);
                    }
                })
                .build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(WebhookFilter.of(receiver)), "/webhooks/sw", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        jetty.stop();
    }

    @Test
    void aDeliverySignedOverTheIdBytesSentVerifiesAndIsDeduplicatedByThem() throws Exception {
        String signature = "v1," + mac(WIRE_ID);

        int first = post(WIRE_ID, signature);
        int again = post(WIRE_ID, signature);

        assertThat(first).isEqualTo(200);
        assertThat(again).isEqualTo(200);
        assertThat(answers).extracting(WebhookResponse::outcome).containsExactly(Outcome.HANDLED, Outcome.DUPLICATE);
        // The idempotency key is the header as the container decoded it: one character per byte.
        assertThat(handled).containsExactly(new String(WIRE_ID, StandardCharsets.ISO_8859_1));

        answers.clear();
        String mojibake = "v1," + mac(new String(WIRE_ID, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8));
        assertThat(post(WIRE_ID, mojibake)).as("a MAC over re-encoded text is not the sender's").isEqualTo(401);
        assertThat(answers).singleElement().satisfies(r -> assertThat(r.reason()).contains(RejectionReason.NO_MATCHING_SIGNATURE));
        assertThat(handled).hasSize(1);
    }

    private static String mac(byte[] id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(id);
        mac.update(("." + T + ".").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(mac.doFinal(BODY));
    }

    /** Raw bytes over a loopback socket, so nothing re-encodes the header; returns the status. */
    private static int post(byte[] webhookId, String signature) throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /webhooks/sw HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + BODY.length + "\r\n"
                + "webhook-timestamp: " + T + "\r\nwebhook-signature: " + signature + "\r\nwebhook-id: ")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(webhookId);
        request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(BODY);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
