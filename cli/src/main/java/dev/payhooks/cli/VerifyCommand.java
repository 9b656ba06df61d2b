package dev.payhooks.cli;

import dev.payhooks.Event;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.cli.internal.Diagnosis;
import dev.payhooks.cli.internal.Providers;
import dev.payhooks.internal.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code payhooks verify}: checks a captured request exactly as the library would and explains a
 * failure.
 */
@Command(name = "verify",
        description = {"Verify a captured request exactly as the library would.",
                "Prints 'valid' and the event, or 'invalid: <REASON_CODE>' and a hint."},
        exitCodeList = {"0:valid", "1:invalid", "2:usage or configuration error (e.g. a secret the scheme rejects)"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.ProviderAndSecrets provider;

    @Option(names = "--header", required = true, paramLabel = "'Name: value'",
            description = "A header of the captured request; repeat for each.")
    private List<String> headers;

    @Mixin
    private Options.Body body;

    @Option(names = "--now", paramLabel = "UNIX_SECONDS",
            description = "Check the timestamp as of this instant (default: now), e.g. the capture time.")
    private Long now;

    @Mixin
    private Options.ToleranceWindow tolerance;

    @Option(names = "--no-timestamp-check",
            description = "Accept a timestamp of any age (replaying an old capture); the signature is still checked.")
    private boolean noTimestampCheck;

    @Override
    public Integer call() {
        if (tolerance.window().isPresent() && noTimestampCheck) {
            throw new IllegalArgumentException("give --tolerance or --no-timestamp-check, not both");
        }
        WebhookSource source = Providers.source(provider.provider, provider.secrets, tolerance.window(), !noTimestampCheck);
        WebhookRequest.Builder request = WebhookRequest.builder().body(body.read());
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header must look like 'Name: value', got '"
                        + (header.length() > 40 ? header.substring(0, 40) + "..." : header) + "'");
            }
            request.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        Instant at = now == null ? Instant.now() : Instant.ofEpochSecond(now);
        Diagnosis.Verdict verdict = Diagnosis.verify(provider.provider, source, request.build(), at);
        PrintWriter out = spec.commandLine().getOut();
        if (verdict.valid()) {
            Event event = verdict.event().orElseThrow();
            out.println("valid");
            out.println("event " + LogText.escape(event.id()) + " " + LogText.escape(event.type()) + " (" + event.provider()
                    + ", " + event.mode() + ")");
            out.flush();
            return PayhooksCommand.OK;
        }
        out.println("invalid: " + verdict.reason().orElseThrow());
        out.println("hint: " + verdict.hint());
        if (verdict.detail() != null) {
            out.println("detail: " + LogText.escape(verdict.detail()));
        }
        out.flush();
        return PayhooksCommand.INVALID;
    }
}
