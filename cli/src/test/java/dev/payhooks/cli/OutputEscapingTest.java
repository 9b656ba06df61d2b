package dev.payhooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payhooks.Event;
import dev.payhooks.Outcome;
import dev.payhooks.ResponsePolicy;
import dev.payhooks.WebhookResponse;
import dev.payhooks.cli.internal.DeliveryLine;
import dev.payhooks.cli.internal.LocalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command-line tool prints from a request never breaks its line or drives the terminal.
 * A signed event whose id holds a line break and an ANSI escape is refused (no provider sends one)
 * and printed as one line; an id with characters the decoder lets through (U+2028, the C1 control
 * CSI) is printed escaped in text and as pure-ASCII JSON that still parses back to the exact id.
 */
class OutputEscapingTest {

    private static final String SECRET = "whsec_cli_escaping_secret_5d";
    /** JSON text of an id with a line break, a forged line and an ANSI escape. */
    private static final String FORGING_ID_JSON = "evt_1\\nINFO  listen: 200 handled stripe evt_forged refund.succeeded\\u001b[2J";
    /** JSON text of an id the decoder accepts, holding a line separator and a CSI (C1) control. */
    private static final String ODD_ID_JSON = "evt_2\\u2028FORGED\\u009b31m";
    private static final String ODD_ID = "evt_2\u2028FORGED\u009b31m";
    private static final String ODD_ID_PRINTED = "evt_2\\u2028FORGED\\u009b31m";

    @TempDir
    Path dir;

    private final List<Listening> started = new ArrayList<>();

    private record Listening(LocalServer server, StringWriter out, CompletableFuture<Integer> exit) {
        String url() {
            return server.baseUrl() + "/webhooks";
        }
    }

    private Listening listen(String... options) throws Exception {
        CompletableFuture<LocalServer> ready = new CompletableFuture<>();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ListenCommand.class) {
                    return type.cast(new ListenCommand(ready::complete));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = PayhooksCommand.commandLine(factory);
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("listen", "--port", "0"));
        args.addAll(List.of(options));
        // On a thread of its own: listen blocks until stopped, and on JDK 25 the default executor is the
        // common pool even with a single worker (JDK-8319447), which a second listen would wait behind.
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args.toArray(String[]::new)),
                task -> {
                    Thread listen = new Thread(task, "payhooks-listen");
                    listen.setDaemon(true);
                    listen.start();
                });
        CompletableFuture.anyOf(ready, exit).get(30, TimeUnit.SECONDS);
        Listening listening = new Listening(ready.join(), out, exit);
        started.add(listening);
        return listening;
    }

    @AfterEach
    void stop() throws Exception {
        for (Listening listening : started) {
            listening.server().close();
            assertThat(listening.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private String stripeBody(String idJson, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, ("{\"id\":\"" + idJson + "\",\"object\":\"event\",\"type\":\"refund.failed\",\"created\":1700000000,"
                + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"re_1\"}}}").getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }

    private static void assertPrintable(String output) {
        assertThat(output).doesNotContain("\u001b", "\u009b", "\u2028", "\r");
    }

    @Test
    void listenPrintsASignedEventWhoseIdForgesALineAsOneRejectionLine() throws Exception {
        Listening text = listen("--provider", "stripe", "--secret", SECRET);

        Run send = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--body-file", stripeBody(FORGING_ID_JSON, "f.json"),
                text.url());

        assertThat(send.out()).startsWith("400");
        assertThat(text.out().toString().lines()).singleElement().asString()
                .isEqualTo("400 rejected    stripe INVALID_EVENT_FIELD");
        assertPrintable(text.out().toString());
    }

    @Test
    void listenPrintsAnOddButAcceptedIdEscapedInTextAndAsAsciiJson() throws Exception {
        Listening text = listen("--provider", "stripe", "--secret", SECRET);
        Listening json = listen("--provider", "stripe", "--secret", SECRET, "--json");
        String body = stripeBody(ODD_ID_JSON, "odd.json");

        assertThat(Run.of("send", "--provider", "stripe", "--secret", SECRET, "--body-file", body, text.url()).exitCode()).isZero();
        assertThat(Run.of("send", "--provider", "stripe", "--secret", SECRET, "--body-file", body, json.url()).exitCode()).isZero();

        assertThat(text.out().toString().lines()).singleElement().asString()
                .isEqualTo("200 handled     stripe " + ODD_ID_PRINTED + " refund.failed");
        assertPrintable(text.out().toString());
        String line = json.out().toString().strip();
        assertThat(line.lines()).hasSize(1);
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("id").asText()).as("a tool reading the JSON gets the exact id").isEqualTo(ODD_ID);
    }

    @Test
    void verifyPrintsTheEventIdEscapedAndNamesABodyThatIsNotUtf8() throws Exception {
        String body = stripeBody(ODD_ID_JSON, "odd.json");
        Run sign = Run.of("sign", "--provider", "stripe", "--secret", SECRET, "--body-file", body, "--timestamp", "1700000000");
        String header = sign.out().strip();

        Run valid = Run.of("verify", "--provider", "stripe", "--secret", SECRET, "--header", header, "--body-file", body,
                "--now", "1700000000");
        assertThat(valid.exitCode()).as(valid.out()).isZero();
        assertThat(valid.out().lines()).containsExactly("valid", "event " + ODD_ID_PRINTED + " refund.failed (stripe, TEST)");
        assertPrintable(valid.out());

        Path utf16 = dir.resolve("utf16.json");
        Files.write(utf16, "{\"id\":\"evt_3\",\"type\":\"refund.failed\"}".getBytes(StandardCharsets.UTF_16LE));
        String utf16Header = Run.of("sign", "--provider", "stripe", "--secret", SECRET, "--body-file", utf16.toString(),
                "--timestamp", "1700000000").out().strip();
        Run invalid = Run.of("verify", "--provider", "stripe", "--secret", SECRET, "--header", utf16Header,
                "--body-file", utf16.toString(), "--now", "1700000000");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.out()).contains("invalid: MALFORMED_BODY_ENCODING").contains("a NUL byte").contains("at byte 1");
    }

    @Test
    void deliveryLinesEscapeEveryControlCharacterOfAnEventFromAnyDecoder() throws Exception {
        // Event.builder accepts any id; a third-party decoder might pass one like this on.
        String id = "evt_4\nWARN forged\r\u001b[31m\u007f\u0085\u202e";
        Event event = Event.builder("stripe", id, "refund.failed\u2029x", "{}".getBytes(StandardCharsets.UTF_8)).build();
        WebhookResponse response = WebhookResponse.of(ResponsePolicy.defaults().reply(Outcome.HANDLED, null), Outcome.HANDLED,
                null, event, null);

        String text = DeliveryLine.text("stripe", response);
        String json = DeliveryLine.json("stripe", response);

        assertThat(text).isEqualTo("200 handled     stripe evt_4\\nWARN forged\\r\\u001b[31m\\u007f\\u0085\\u202e refund.failed\\u2029x");
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get("id").asText()).isEqualTo(id);
        assertThat(parsed.get("type").asText()).isEqualTo("refund.failed\u2029x");
    }
}
