package dev.payhooks.cli;

import dev.payhooks.cli.internal.Provider;
import picocli.CommandLine;

/** Turns {@code --provider NAME} into a {@link Provider}, with the accepted names in the error. */
final class ProviderConverter implements CommandLine.ITypeConverter<Provider> {
    @Override
    public Provider convert(String value) {
        try {
            return Provider.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The names for the {@code --provider} option's completion and help. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Provider.values()).map(Provider::cliName).iterator();
        }
    }
}
