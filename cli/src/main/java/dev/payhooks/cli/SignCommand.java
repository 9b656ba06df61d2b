package dev.payhooks.cli;

import dev.payhooks.cli.internal.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code payhooks sign}: prints the headers a provider would send with a body, signed with the
 * library's own signer for that provider.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Print the headers a provider would send with this body.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the headers were printed", "2:usage or configuration error (e.g. a secret the scheme rejects)"})
final class SignCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", required = true, converter = ProviderConverter.class, paramLabel = "PROVIDER",
            completionCandidates = ProviderConverter.Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    private Provider provider;

    @Option(names = "--secret", required = true, paramLabel = "SECRET",
            description = "The signing secret exactly as the provider shows it; repeat to sign with several.")
    private List<String> secrets;

    @Option(names = "--body-file", required = true, paramLabel = "FILE",
            description = "The body to sign, byte for byte; - for standard input.")
    private String bodyFile;

    @Option(names = "--timestamp", paramLabel = "UNIX_SECONDS",
            description = "The signing time (default: now).")
    private Long timestamp;

    @Option(names = "--id", paramLabel = "ID",
            description = "The message id for schemes that send one in a header (Standard Webhooks, GitHub, Shopify); default: a new one.")
    private String id;

    @Option(names = "--event", paramLabel = "TYPE",
            description = "The event type, for schemes that send it in a header (GitHub, Shopify).")
    private String eventType;

    @Override
    public Integer call() {
        byte[] body = BodyFiles.read(bodyFile, System.in);
        Instant at = timestamp == null ? Instant.now() : Instant.ofEpochSecond(timestamp);
        String messageId = id != null ? id : provider.usesMessageIdHeader() ? provider.newId() : null;
        Map<String, String> headers = provider.sign(secrets, body, at, messageId, eventType);
        PrintWriter out = spec.commandLine().getOut();
        headers.forEach((name, value) -> out.println(name + ": " + value));
        out.flush();
        return PayhooksCommand.OK;
    }
}
