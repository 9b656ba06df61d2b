package dev.payhooks.testkit.fuzz;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Values for the {@code {name}} placeholders of a {@link RequestTemplate}: {@code {now}} for the
 * receiver's clock, {@code {sig}} for the correct signature, {@code {forged}} for one made with an
 * attacker's secret, and whatever else a target needs.
 *
 * <pre>{@code
 * Placeholders values = Placeholders.signature(correctHex, "00")
 *         .withLazy("forged", () -> ReferenceHmac.sha256Hex(ATTACKER_SECRET, t + ".", body));
 * }</pre>
 *
 * <p>Replacement is one pass from left to right: a value is never searched for placeholders
 * again, and a {@code {name}} without a value stays as it is. Immutable; a lazy value is computed
 * at most once, and only if a text uses it (so an expensive signature costs nothing when the
 * input does not ask for it). Not for concurrent use while a lazy value is being computed.
 *
 * @since 0.1.0
 */
public final class Placeholders {

    private static final Placeholders NONE = new Placeholders(Map.of());

    private final Map<String, Supplier<String>> values;

    private Placeholders(Map<String, Supplier<String>> values) {
        this.values = values;
    }

    /**
     * No placeholders: {@link #apply} returns its text unchanged.
     *
     * @return the empty set
     */
    public static Placeholders none() {
        return NONE;
    }

    /**
     * The placeholders of a signature and its deliberate near misses: {@code {sig}} the correct
     * signature, {@code {SIG}} the same in upper case, {@code {sig-truncated}} its first half and
     * {@code {sig-extended}} it followed by {@code extension} (one more byte in the signature's
     * encoding, such as {@code "00"} in hex).
     *
     * @param correct the correct signature, in the encoding the header carries it
     * @param extension what {@code {sig-extended}} appends
     * @return the four placeholders
     */
    public static Placeholders signature(String correct, String extension) {
        Objects.requireNonNull(correct, "correct");
        Objects.requireNonNull(extension, "extension");
        return none().with("sig", correct)
                .with("SIG", correct.toUpperCase(Locale.ROOT))
                .with("sig-truncated", correct.substring(0, correct.length() / 2))
                .with("sig-extended", correct + extension);
    }

    /**
     * These placeholders and one more.
     *
     * @param name the name between the braces, for example {@code "now"}
     * @param value what {@code {name}} becomes
     * @return a new set; this one is unchanged
     * @throws IllegalArgumentException if the name is empty or contains a brace
     */
    public Placeholders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        return withLazy(name, () -> value);
    }

    /**
     * These placeholders and one more whose value is computed only when a text uses it.
     *
     * @param name the name between the braces
     * @param value computes what {@code {name}} becomes; called at most once, must not return null
     * @return a new set; this one is unchanged
     * @throws IllegalArgumentException if the name is empty or contains a brace
     */
    public Placeholders withLazy(String name, Supplier<String> value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a placeholder name is the non-empty text between '{' and '}', without braces; got '"
                    + name + "'");
        }
        Map<String, Supplier<String>> copy = new LinkedHashMap<>(values);
        copy.put(name, new Once(name, value));
        return new Placeholders(copy);
    }

    /**
     * Whether a text uses one of these placeholders.
     *
     * @param text for example a header value of a template
     * @param name the placeholder's name
     * @return whether {@code text} contains {@code {name}}
     */
    public static boolean uses(String text, String name) {
        return text.contains("{" + Objects.requireNonNull(name, "name") + "}");
    }

    /**
     * Replaces every placeholder that has a value.
     *
     * @param text the text
     * @return the text with each {@code {name}} that has a value replaced by it
     */
    public String apply(String text) {
        Objects.requireNonNull(text, "text");
        if (values.isEmpty() || text.indexOf('{') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                break;
            }
            int close = text.indexOf('}', open + 1);
            if (close < 0) {
                break;
            }
            Supplier<String> value = values.get(text.substring(open + 1, close));
            if (value == null) {
                // Not ours: keep the brace and look again from the next character ("{{sig}" still has a {sig}).
                out.append(text, i, open + 1);
                i = open + 1;
            } else {
                out.append(text, i, open).append(value.get());
                i = close + 1;
            }
        }
        return out.append(text, i, text.length()).toString();
    }

    /**
     * The names that have a value, for assertion messages.
     *
     * @return for example {@code Placeholders[now, sig]}
     */
    @Override
    public String toString() {
        return "Placeholders" + values.keySet();
    }

    /** A value computed on first use. */
    private static final class Once implements Supplier<String> {
        private final String name;
        private Supplier<String> source;
        private String value;

        Once(String name, Supplier<String> source) {
            this.name = name;
            this.source = source;
        }

        @Override
        public String get() {
            if (value == null) {
                value = Objects.requireNonNull(source.get(), () -> "the value of placeholder {" + name + "} is null");
                source = null;
            }
            return value;
        }
    }
}
