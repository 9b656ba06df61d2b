package dev.payhooks.cli.internal;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payhooks.Event;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.internal.Utf8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a captured request exactly as the receiver would (the provider's verifier, then its
 * decoder), and when the signature does not match, looks for the usual culprits by verifying
 * altered copies of the body: a line break added by an editor, changed line endings, JSON that was
 * parsed and re-written. Those copies only explain a failure; they are never reported as valid.
 */
public final class Diagnosis {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Diagnosis() {
    }

    /**
     * The verdict on one request.
     *
     * @param event the decoded event when valid
     * @param reason the reason code when invalid
     * @param detail the library's explanation when invalid (never holds a secret or signature)
     * @param hint a human hint when invalid
     */
    public record Verdict(Optional<Event> event, Optional<RejectionReason> reason, String detail, String hint) {
        /**
         * Whether the request is valid.
         *
         * @return {@code true} when the signature and the event are valid
         */
        public boolean valid() {
            return event.isPresent();
        }
    }

    /**
     * Verifies and decodes a request, and explains a failure.
     *
     * @param provider the provider
     * @param source the provider's source, configured with the secrets and tolerance
     * @param request the captured request
     * @param now the instant to check the timestamp against
     * @return the verdict
     */
    public static Verdict verify(WebhookProvider provider, WebhookSource source, WebhookRequest request, Instant now) {
        Objects.requireNonNull(source, "source");
        try {
            Verification verification = source.verifier().verify(request, now);
            if (source.decoder().requiresUtf8()) {
                // The receiver's encoding check, between verification and decoding.
                byte[] body = request.body();
                int malformed = Utf8.firstMalformed(body);
                if (malformed >= 0) {
                    return new Verdict(Optional.empty(), Optional.of(RejectionReason.MALFORMED_BODY_ENCODING),
                            "the body is not UTF-8: " + Utf8.describe(body, malformed) + " at byte " + malformed,
                            "the signature is valid, but the body is not UTF-8 (RFC 8259 section 8.1); if the file was"
                                    + " saved by an editor or a shell, save the bytes as received instead");
                }
            }
            Event event = source.decoder().decode(request, verification);
            return new Verdict(Optional.of(event), Optional.empty(), null, null);
        } catch (WebhookVerificationException e) {
            return new Verdict(Optional.empty(), Optional.of(e.reason()), e.getMessage(),
                    hint(provider, source, request, now, e.reason()));
        } catch (WebhookDecodingException e) {
            return new Verdict(Optional.empty(), Optional.of(e.reason()), e.getMessage(),
                    "the signature is valid, but the body is not an event the library can decode;"
                            + " check that it is the provider's event JSON, complete and unmodified");
        }
    }

    private static String hint(WebhookProvider provider, WebhookSource source, WebhookRequest request, Instant now,
                               RejectionReason reason) {
        switch (reason) {
            case MISSING_SIGNATURE_HEADER:
                return "the signature header is missing: pass every header of the captured request with"
                        + " --header 'Name: value' (for " + provider.name() + ": " + deliveryHeaders(provider) + ")";
            case MALFORMED_SIGNATURE_HEADER:
            case NO_SUPPORTED_SIGNATURE:
                return "the signature header is not in " + provider.name() + "'s format; copy the whole value,"
                        + " and check that it comes from " + provider.name() + " (not another provider's header)";
            case SIGNATURE_HEADER_TOO_LARGE:
                return "the signature header is longer than any real one; it was probably pasted twice";
            case MISSING_TIMESTAMP:
            case MALFORMED_TIMESTAMP:
                return "the signed timestamp is missing or not plain Unix seconds; pass the timestamp header exactly as captured";
            case TIMESTAMP_TOO_OLD:
                return "the delivery was signed longer ago than the tolerance allows; a captured request replayed"
                        + " later fails this way: pass --now <capture time> or --no-timestamp-check to check the signature alone";
            case TIMESTAMP_IN_FUTURE:
                return "the delivery is signed in the future of --now (or this machine's clock); check the clock"
                        + " (NTP) or pass --now <capture time>";
            case MISSING_MESSAGE_ID:
                return "the message id header (e.g. webhook-id) is missing; it is part of what is signed";
            case NO_ACTIVE_SECRET:
                return "every secret has expired; give the current signing secret";
            case NO_MATCHING_SIGNATURE:
                return mismatchHint(source, request, now);
            default:
                return "see the reason code in the payhooks README";
        }
    }

    private static String mismatchHint(WebhookSource source, WebhookRequest request, Instant now) {
        byte[] body = request.body();
        if (body.length == 0) {
            return "the body is empty: save the request body byte for byte into --body-file";
        }
        for (Map.Entry<String, byte[]> variant : variants(body).entrySet()) {
            if (verifies(source, request, variant.getValue(), now)) {
                return variant.getKey();
            }
        }
        return "no secret given matches the signature: check that the secret is this endpoint's (every endpoint,"
                + " and test and live mode, have their own; during a roll give both with --secret), and that the"
                + " body is byte for byte what was received, not parsed and re-written";
    }

    /** Altered copies of the body, each with the hint that applies if it verifies. */
    private static Map<String, byte[]> variants(byte[] body) {
        Map<String, byte[]> variants = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        String trimmed = text.replaceAll("[\\r\\n]+$", "");
        if (!trimmed.equals(text)) {
            variants.put("the body file ends with a line break the provider did not send (an editor or echo added it);"
                    + " save the body byte for byte", trimmed.getBytes(StandardCharsets.UTF_8));
        }
        if (text.contains("\r\n")) {
            variants.put("the body's line endings were changed to CRLF after it was received; keep the bytes as received",
                    text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> reserialised = reserialised(body);
        for (byte[] candidate : reserialised) {
            variants.putIfAbsent("the body looks re-serialised: the signature matches the same JSON written"
                    + " differently, so something parsed the body and wrote it again before it was captured"
                    + " (a framework's JSON binding, a logging proxy); verify the raw bytes as received", candidate);
        }
        return variants;
    }

    private static List<byte[]> reserialised(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return out;
        }
        if (tree == null) {
            return out;
        }
        try {
            out.add(JSON.writeValueAsBytes(tree));
            out.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
            ObjectMapper escaping = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
            out.add(escaping.writeValueAsBytes(tree));
            out.add(escaping.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
            // Stripe sends two-space indented JSON with "key": value; PHP and Python add other spacing.
            out.add(JSON.writeValueAsString(tree).replace("\":", "\": ").replace(",\"", ", \"")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Nothing more to try.
            return out;
        }
        return out;
    }

    private static boolean verifies(WebhookSource source, WebhookRequest request, byte[] body, Instant now) {
        WebhookRequest.Builder copy = WebhookRequest.builder().body(body);
        for (String name : request.headerNames()) {
            for (String value : request.headers(name)) {
                copy.header(name, value);
            }
        }
        for (String name : request.queryParameterNames()) {
            for (String value : request.queryParameters(name)) {
                copy.queryParameter(name, value);
            }
        }
        try {
            source.verifier().verify(copy.build(), now);
            return true;
        } catch (WebhookVerificationException e) {
            // The altered body matched a signature; only its age is off (a capture checked later).
            return e.reason() == RejectionReason.TIMESTAMP_TOO_OLD || e.reason() == RejectionReason.TIMESTAMP_IN_FUTURE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "A", "A and B", "A, B and C". */
    private static String deliveryHeaders(WebhookProvider provider) {
        List<String> names = provider.deliveryHeaders();
        int last = names.size() - 1;
        return last <= 0 ? String.join("", names) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }

}
