package dev.payhooks.cli;

import dev.payhooks.cli.internal.Providers;
import dev.payhooks.spi.WebhookProvider;
import picocli.CommandLine;

import java.util.Iterator;

/** Turns {@code --provider NAME} into an installed {@link WebhookProvider}, with the known names in the error. */
final class ProviderConverter implements CommandLine.ITypeConverter<WebhookProvider> {
    @Override
    public WebhookProvider convert(String value) {
        try {
            return Providers.named(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The names for the {@code --provider} option's completion and help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Providers.names().iterator();
        }
    }
}
