package dev.payhooks.cli;

import dev.payhooks.cli.internal.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code payhooks sign}: prints the headers a provider would send with a body, signed with the
 * library's own signer for that provider.
 */
@Command(name = "sign",
        description = "Print the headers a provider would send with this body.",
        exitCodeList = {"0:the headers were printed", "2:usage or configuration error (e.g. a secret the scheme rejects)"})
final class SignCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.ProviderAndSecrets provider;

    @Mixin
    private Options.Body body;

    @Mixin
    private Options.Delivery delivery;

    @Override
    public Integer call() {
        Instant at = delivery.signedAt();
        String messageId = provider.provider.messageIdHeader().isPresent() ? delivery.idOrNew(provider.provider) : "";
        Map<String, String> headers = Providers.sign(provider.provider, provider.secrets, body.read(), at, messageId,
                Optional.ofNullable(delivery.eventType));
        PrintWriter out = spec.commandLine().getOut();
        headers.forEach((name, value) -> out.println(name + ": " + value));
        out.flush();
        return PayhooksCommand.OK;
    }
}
