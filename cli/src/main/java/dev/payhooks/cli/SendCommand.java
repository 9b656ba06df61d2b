package dev.payhooks.cli;

import dev.payhooks.cli.internal.Providers;
import dev.payhooks.internal.LogText;
import dev.payhooks.spi.WebhookProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code payhooks send}: signs a realistic sample event (or a given body) and POSTs it, like the
 * provider would.
 */
@Command(name = "send",
        description = "Sign a sample event of a type (or your own body) and POST it to URL; prints the status.",
        exitCodeList = {"0:the receiver answered 2xx", "1:it answered anything else, or could not be reached",
                "2:usage or configuration error"})
final class SendCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.ProviderAndSecrets options;

    @Mixin
    private Options.Delivery delivery;

    @Option(names = "--body-file", paramLabel = "FILE",
            description = "Send this body instead of a sample event, byte for byte; - for standard input.")
    private String bodyFile;

    @Option(names = "--live", description = "Mark the sample event as a live-mode event.")
    private boolean live;

    @Parameters(index = "0", paramLabel = "URL", description = "The receiver's URL, e.g. http://127.0.0.1:4242/webhooks")
    private String url;

    @Override
    public Integer call() throws InterruptedException {
        URI target = target(url);
        WebhookProvider provider = options.provider;
        String type = delivery.eventType != null ? delivery.eventType : provider.sampleEventType();
        String eventId = delivery.idOrNew(provider);
        Instant at = delivery.signedAt();
        byte[] body = bodyFile != null
                ? BodyFiles.read(bodyFile, System.in)
                : provider.sampleEvent(type, eventId, at, live);
        Map<String, String> headers = Providers.sign(provider, options.secrets, body, at, eventId, Optional.of(type));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "payhooks-cli")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not POST to " + target + ": " + e, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        String answer = response.body() == null ? "" : response.body().strip();
        out.println(response.statusCode() + (answer.isEmpty() ? "" : " " + firstLine(answer))
                + "  (" + provider.name() + " " + (bodyFile != null ? "body from " + bodyFile : type + " " + eventId) + ")");
        out.flush();
        return response.statusCode() / 100 == 2 ? PayhooksCommand.OK : PayhooksCommand.INVALID;
    }

    private static URI target(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("URL must be an http or https URL, e.g. http://127.0.0.1:4242/webhooks");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("URL is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        // The answer comes from whatever server the URL names: printed escaped, never raw.
        return LogText.escape(line, 120);
    }
}
