package dev.payhooks.cli;

import dev.payhooks.Event;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.cli.internal.Diagnosis;
import dev.payhooks.internal.LogText;
import dev.payhooks.cli.internal.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code payhooks verify}: checks a captured request exactly as the library would and explains a
 * failure.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a captured request exactly as the library would.",
                "Prints 'valid' and the event, or 'invalid: <REASON_CODE>' and a hint."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid", "2:usage or configuration error (e.g. a secret the scheme rejects)"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", required = true, converter = ProviderConverter.class, paramLabel = "PROVIDER",
            completionCandidates = ProviderConverter.Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    private Provider provider;

    @Option(names = "--secret", required = true, paramLabel = "SECRET",
            description = "A signing secret exactly as the provider shows it; repeat during a rotation.")
    private List<String> secrets;

    @Option(names = "--header", required = true, paramLabel = "'Name: value'",
            description = "A header of the captured request; repeat for each.")
    private List<String> headers;

    @Option(names = "--body-file", required = true, paramLabel = "FILE",
            description = "The captured body, byte for byte; - for standard input.")
    private String bodyFile;

    @Option(names = "--now", paramLabel = "UNIX_SECONDS",
            description = "Check the timestamp as of this instant (default: now), e.g. the capture time.")
    private Long now;

    @Option(names = "--tolerance", paramLabel = "SECONDS",
            description = "The timestamp window in seconds, both directions (default: the provider's, e.g. 300).")
    private Long toleranceSeconds;

    @Option(names = "--no-timestamp-check",
            description = "Accept a timestamp of any age (replaying an old capture); the signature is still checked.")
    private boolean noTimestampCheck;

    @Override
    public Integer call() {
        if (toleranceSeconds != null && toleranceSeconds < 1) {
            throw new IllegalArgumentException("--tolerance must be at least 1 second, was " + toleranceSeconds);
        }
        if (toleranceSeconds != null && noTimestampCheck) {
            throw new IllegalArgumentException("give --tolerance or --no-timestamp-check, not both");
        }
        WebhookSource source = provider.source(secrets,
                Optional.ofNullable(toleranceSeconds).map(Duration::ofSeconds), !noTimestampCheck);
        WebhookRequest.Builder request = WebhookRequest.builder().body(BodyFiles.read(bodyFile, System.in));
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header must look like 'Name: value', got '"
                        + (header.length() > 40 ? header.substring(0, 40) + "..." : header) + "'");
            }
            request.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        Instant at = now == null ? Instant.now() : Instant.ofEpochSecond(now);
        Diagnosis.Verdict verdict = Diagnosis.verify(provider, source, request.build(), at);
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
