package dev.payhooks.testkit.fuzz;

import dev.payhooks.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A delivery written as a small text, so that a fuzz target's committed inputs stay readable and
 * the fuzzer can reach the code behind a valid signature: a signature cannot be guessed, but a
 * {@code {sig}} placeholder is filled in with the correct one.
 *
 * <pre>
 * [preamble line, if the target has one]
 * Stripe-Signature: t={now},v1={sig}
 * Other-Header: value
 *
 * {"id":"evt_1","type":"refund.failed"}
 * </pre>
 *
 * <p>Parsing never fails: everything up to the first empty line ({@code \n\n}) is the head, the
 * rest the raw body (none if there is no empty line). In the head, a line {@code Name: value} is
 * a header (one space after the colon is dropped); a line without a colon, or with nothing before
 * it, is skipped; after {@value #MAX_HEADERS} headers the rest are skipped. A target that needs
 * one more field (a preset, a request line) reads it from the first line: see
 * {@link #parse(byte[], Predicate)}.
 *
 * <p>Placeholders in header values are filled in by a target in two steps: first the values that
 * do not depend on the signature ({@code {now}}), with {@link #resolve}; then, once the target has
 * read the signed fields (the timestamp text, whatever it is) and computed the signatures, the
 * rest, with {@link #request}. Immutable.
 *
 * @since 0.1.0
 */
public final class RequestTemplate {

    /** The most headers a template keeps. */
    public static final int MAX_HEADERS = 64;

    private static final byte[] NO_BYTES = new byte[0];

    private final String preamble;
    private final List<Header> headers;
    private final byte[] body;

    /**
     * One header line of a template.
     *
     * @param name the text before the colon
     * @param value the text after it, without the one space that may follow the colon
     * @since 0.1.0
     */
    public record Header(String name, String value) {

        /**
         * A header.
         *
         * @param name the text before the colon
         * @param value the value, possibly empty
         */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private RequestTemplate(String preamble, List<Header> headers, byte[] body) {
        this.preamble = preamble;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /**
     * Reads a template whose first line is a header line like the others.
     *
     * @param input the fuzzer's bytes, or a committed input
     * @return the template
     */
    public static RequestTemplate parse(byte[] input) {
        return parse(input, line -> false);
    }

    /**
     * Reads a template whose first line may be a preamble: a line the target interprets itself,
     * such as {@code #github} to choose a preset or {@code POST /webhooks} as a request line.
     *
     * @param input the fuzzer's bytes, or a committed input
     * @param isPreamble decides, from the first line (possibly empty), whether it is the preamble
     * @return the template
     */
    public static RequestTemplate parse(byte[] input, Predicate<String> isPreamble) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(isPreamble, "isPreamble");
        int split = indexOfEmptyLine(input);
        byte[] head = split < 0 ? input : Arrays.copyOfRange(input, 0, split);
        byte[] body = split < 0 ? NO_BYTES : Arrays.copyOfRange(input, split + 2, input.length);
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0) {
            // split drops trailing empty strings: a head of only line breaks has no lines at all.
            lines = new String[] {""};
        }
        String preamble = null;
        int first = 0;
        if (isPreamble.test(lines[0])) {
            preamble = lines[0];
            first = 1;
        }
        List<Header> headers = new ArrayList<>();
        for (int i = first; i < lines.length && headers.size() < MAX_HEADERS; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon > 0) {
                String value = line.substring(colon + 1);
                headers.add(new Header(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value));
            }
        }
        return new RequestTemplate(preamble, headers, body);
    }

    /**
     * The first line, if {@link #parse(byte[], Predicate)} took it as the preamble.
     *
     * @return the preamble, possibly an empty string; empty if there is none
     */
    public Optional<String> preamble() {
        return Optional.ofNullable(preamble);
    }

    /**
     * The headers, in order, with the placeholders filled in so far.
     *
     * @return an unmodifiable list
     */
    public List<Header> headers() {
        return headers;
    }

    /**
     * The raw body: every byte after the first empty line.
     *
     * @return a copy
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The value of the first header with the first of the names that any header has, ignoring case:
     * {@code first("webhook-id", "svix-id")} prefers {@code webhook-id} wherever it is.
     *
     * @param names the names, by preference
     * @return the value; empty if no header has any of the names
     */
    public Optional<String> first(String... names) {
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            for (Header header : headers) {
                if (header.name().equalsIgnoreCase(name)) {
                    return Optional.of(header.value());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether any header value uses a placeholder, so a target computes an expensive value only
     * when the input asks for it.
     *
     * @param name the placeholder's name, without braces
     * @return whether some header value contains {@code {name}}
     */
    public boolean uses(String name) {
        for (Header header : headers) {
            if (Placeholders.uses(header.value(), name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * This template with placeholders filled in, for a first step such as {@code {now}}.
     *
     * @param values the placeholders to fill in now
     * @return a new template; this one is unchanged
     */
    public RequestTemplate resolve(Placeholders values) {
        Objects.requireNonNull(values, "values");
        List<Header> resolved = new ArrayList<>(headers.size());
        for (Header header : headers) {
            resolved.add(new Header(header.name(), values.apply(header.value())));
        }
        return new RequestTemplate(preamble, resolved, body);
    }

    /**
     * The request: the body and every header, with the placeholders filled in.
     *
     * @param values the remaining placeholders, typically the signatures
     * @return a request builder; add query parameters to it, or build it
     */
    public WebhookRequest.Builder request(Placeholders values) {
        Objects.requireNonNull(values, "values");
        WebhookRequest.Builder request = WebhookRequest.builder().body(body);
        for (Header header : headers) {
            request.header(header.name(), values.apply(header.value()));
        }
        return request;
    }

    /**
     * The head, for assertion messages (the body may be binary).
     *
     * @return the preamble and headers, and the body's length
     */
    @Override
    public String toString() {
        return "RequestTemplate[" + (preamble == null ? "" : "preamble=" + preamble + ", ") + "headers=" + headers
                + ", body=" + body.length + " bytes]";
    }

    private static int indexOfEmptyLine(byte[] data) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == '\n' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
