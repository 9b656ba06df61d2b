package dev.payhooks.cli;

import dev.payhooks.cli.internal.LocalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ListenAndSendCommandTest {

    private static final String SECRET = "whsec_listen_test_secret";

    private final List<Listening> started = new ArrayList<>();

    /** A {@code listen} command running on its own thread, with its output. */
    private record Listening(LocalServer server, StringWriter out, CompletableFuture<Integer> exit) {
        String url() {
            return server.baseUrl() + "/webhooks";
        }

        List<String> lines() {
            return out.toString().lines().toList();
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
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
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
        if (!ready.isDone()) {
            throw new AssertionError("listen exited with " + exit.join() + ": " + err);
        }
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

    @Test
    void sendDeliversASignedSampleEventThatListenHandlesAndThenReportsAsDuplicate() throws Exception {
        Listening listening = listen("--provider", "stripe", "--secret", SECRET, "--json");

        Run first = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--event", "refund.failed",
                "--id", "evt_cli_1", listening.url());
        Run again = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--event", "refund.failed",
                "--id", "evt_cli_1", listening.url());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("200");
        assertThat(again.exitCode()).isZero();
        assertThat(listening.lines()).containsExactly(
                "{\"status\":200,\"outcome\":\"handled\",\"provider\":\"stripe\",\"id\":\"evt_cli_1\",\"type\":\"refund.failed\",\"reason\":null}",
                "{\"status\":200,\"outcome\":\"duplicate\",\"provider\":\"stripe\",\"id\":\"evt_cli_1\",\"type\":\"refund.failed\",\"reason\":null}");
    }

    @Test
    void sendWithTheWrongSecretExitsOneAndListenPrintsTheRejectionReason() throws Exception {
        Listening listening = listen("--provider", "paddle", "--secret", "pdl_ntfset_secret");

        Run wrong = Run.of("send", "--provider", "paddle", "--secret", "another_secret", listening.url());

        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).startsWith("401");
        assertThat(listening.lines()).singleElement().asString()
                .startsWith("401 rejected    paddle").endsWith("NO_MATCHING_SIGNATURE")
                .doesNotContain("another_secret");
    }

    @Test
    void twoListenersOnOneDatabaseDeduplicateBetweenThem() throws Exception {
        String url = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Listening a = listen("--provider", "standard-webhooks", "--secret", SignAndVerifyCommandTest.SW_SECRET_FOR_TESTS,
                "--jdbc-url", url, "--json");
        Listening b = listen("--provider", "standard-webhooks", "--secret", SignAndVerifyCommandTest.SW_SECRET_FOR_TESTS,
                "--jdbc-url", url, "--json");

        Run toA = Run.of("send", "--provider", "standard-webhooks", "--secret", SignAndVerifyCommandTest.SW_SECRET_FOR_TESTS,
                "--id", "msg_shared_1", a.url());
        Run toB = Run.of("send", "--provider", "standard-webhooks", "--secret", SignAndVerifyCommandTest.SW_SECRET_FOR_TESTS,
                "--id", "msg_shared_1", b.url());

        assertThat(toA.exitCode()).isZero();
        assertThat(toB.exitCode()).isZero();
        assertThat(a.lines()).singleElement().asString().contains("\"outcome\":\"handled\"");
        assertThat(b.lines()).singleElement().asString().contains("\"outcome\":\"duplicate\"");
    }

    @Test
    void sendToAClosedPortExitsOneWithTheReason() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = Run.of("send", "--provider", "github", "--secret", "s", "--event", "push",
                "http://127.0.0.1:" + port + "/webhooks");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("could not POST to http://127.0.0.1:" + port);
    }

    @Test
    void listenAndSendRefuseConfigurationMistakesWithExitTwo() {
        Run badSecret = Run.of("listen", "--provider", "omise", "--secret", "not base64!", "--port", "0");
        Run badDatabase = Run.of("listen", "--provider", "stripe", "--secret", SECRET, "--port", "0",
                "--jdbc-url", "jdbc:mysql://localhost/app");
        Run badPath = Run.of("listen", "--provider", "stripe", "--secret", SECRET, "--port", "0", "--path", "webhooks");
        Run badUrl = Run.of("send", "--provider", "stripe", "--secret", SECRET, "ftp://example.invalid/x");
        Run noUrl = Run.of("send", "--provider", "stripe", "--secret", SECRET);

        assertThat(badSecret.exitCode()).isEqualTo(2);
        assertThat(badSecret.err()).contains("base64");
        assertThat(badDatabase.exitCode()).isEqualTo(2);
        assertThat(badDatabase.err()).contains("PostgreSQL or H2");
        assertThat(badPath.exitCode()).isEqualTo(2);
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("http or https");
        assertThat(noUrl.exitCode()).isEqualTo(2);
        assertThat(noUrl.err()).contains("URL");
    }
}
