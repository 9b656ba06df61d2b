package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * For every preset: a correctly signed request verifies, and each way of breaking its headers is
 * rejected with its own reason code, never with another exception (SECURITY.md, guarantee 6).
 */
class MalformedHeaderTablesTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final String TS = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = utf8("{\"id\":\"evt_1\",\"type\":\"payment.succeeded\",\"event_id\":\"e1\",\"event_type\":\"t\","
            + "\"event\":{\"type\":\"app_mention\"}}");
    private static final String SW_SECRET = "whsec_" + Base64.getEncoder().encodeToString(utf8("0123456789abcdef0123456789abcdef"));
    private static final String SECRET = "a-utf8-provider-secret";

    // Non-ASCII digits that Long.parseLong would accept: Arabic-Indic and fullwidth.
    private static final String ARABIC_INDIC_TS = "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660";
    private static final String FULLWIDTH_TS = "\uFF11\uFF17\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10";
    private static final String OVERFLOW_TS = "92233720368547758070";

    /** A preset, its secret and a signed baseline. */
    record Case(String preset, HmacWebhooks scheme, String secret, String messageId) {
        Map<String, String> headers() {
            return new LinkedHashMap<>(scheme.signer(secret).headers(BODY, NOW, messageId == null ? "" : messageId));
        }

        SignatureVerifier verifier() {
            return scheme.source(SecretResolver.of(secret)).verifier();
        }

        String sigHeader() {
            return scheme.scheme().signatureHeaders().get(0);
        }
    }

    private static final Case STANDARD = new Case("standardWebhooks", HmacPresets.standardWebhooks(), SW_SECRET, "msg_1");
    private static final Case YOCO = new Case("yoco", HmacPresets.yoco(), SW_SECRET, "msg_2");
    private static final Case GITHUB = new Case("github", HmacPresets.github(), SECRET, "delivery-1");
    private static final Case SHOPIFY = new Case("shopify", HmacPresets.shopify(), SECRET, "webhook-1");
    private static final Case SLACK = new Case("slack", HmacPresets.slack(), SECRET, null);
    private static final Case PADDLE = new Case("paddle", HmacPresets.paddle(), SECRET, null);

    static Stream<Case> presets() {
        return Stream.of(STANDARD, YOCO, GITHUB, SHOPIFY, SLACK, PADDLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void theSignedBaselineVerifies(Case c) {
        WebhookRequest request = Requests.request(BODY, c.headers());
        assertThatCode(() -> c.verifier().verify(request, NOW)).doesNotThrowAnyException();
    }

    static Stream<Arguments> table() {
        Stream.Builder<Arguments> rows = Stream.builder();
        for (Case c : presets().toList()) {
            String sig = c.sigHeader();
            row(rows, c, "signature header missing", h -> remove(h, sig), RejectionReason.MISSING_SIGNATURE_HEADER);
            row(rows, c, "signature header empty", h -> put(h, sig, ""), RejectionReason.MALFORMED_SIGNATURE_HEADER);
            row(rows, c, "signature header blank", h -> put(h, sig, "   "), RejectionReason.MALFORMED_SIGNATURE_HEADER);
            row(rows, c, "signature header over 4096 characters", h -> put(h, sig, h.get(sig) + " ".repeat(4100)),
                    RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
            row(rows, c, "body changed after signing", h -> h, RejectionReason.NO_MATCHING_SIGNATURE, utf8("{}"));
        }
        // Standard Webhooks and Yoco share the scheme; both get the whole table.
        for (Case c : new Case[] {STANDARD, YOCO}) {
            String sig = "webhook-signature";
            row(rows, c, "wrong scheme prefix v2", h -> put(h, sig, h.get(sig).replace("v1,", "v2,")),
                    RejectionReason.NO_SUPPORTED_SIGNATURE);
            row(rows, c, "no prefix at all", h -> put(h, sig, h.get(sig).substring(3)), RejectionReason.NO_SUPPORTED_SIGNATURE);
            row(rows, c, "bad base64", h -> put(h, sig, "v1,not*base64!"), RejectionReason.NO_MATCHING_SIGNATURE);
            row(rows, c, "unpadded base64", h -> put(h, sig, h.get(sig).replace("=", "")), RejectionReason.NO_MATCHING_SIGNATURE);
            row(rows, c, "wrong length (31 bytes)", h -> put(h, sig, "v1," + Base64.getEncoder().encodeToString(new byte[31])),
                    RejectionReason.NO_MATCHING_SIGNATURE);
            row(rows, c, "hex instead of base64", h -> put(h, sig, "v1," + "ab".repeat(32)), RejectionReason.NO_MATCHING_SIGNATURE);
            row(rows, c, "17 entries", h -> put(h, sig, (h.get(sig) + " ").repeat(17).strip()),
                    RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
            timestampRows(rows, c, "webhook-timestamp");
            row(rows, c, "message id missing", h -> remove(h, "webhook-id"), RejectionReason.MISSING_MESSAGE_ID);
            row(rows, c, "message id empty", h -> put(h, "webhook-id", ""), RejectionReason.MISSING_MESSAGE_ID);
            row(rows, c, "message id of 256 characters", h -> put(h, "webhook-id", "m".repeat(256)),
                    RejectionReason.MISSING_MESSAGE_ID);
            row(rows, c, "message id changed", h -> put(h, "webhook-id", "msg_other"), RejectionReason.NO_MATCHING_SIGNATURE);
        }
        String gh = "X-Hub-Signature-256";
        row(rows, GITHUB, "legacy sha1= prefix only", h -> put(h, gh, h.get(gh).replace("sha256=", "sha1=")),
                RejectionReason.NO_SUPPORTED_SIGNATURE);
        row(rows, GITHUB, "no prefix", h -> put(h, gh, h.get(gh).substring(7)), RejectionReason.NO_SUPPORTED_SIGNATURE);
        row(rows, GITHUB, "bad hex", h -> put(h, gh, "sha256=" + "zz".repeat(32)), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, GITHUB, "odd-length hex", h -> put(h, gh, h.get(gh).substring(0, h.get(gh).length() - 1)),
                RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, GITHUB, "wrong length (31 bytes)", h -> put(h, gh, "sha256=" + "ab".repeat(31)), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, GITHUB, "upper-case hex", h -> put(h, gh, h.get(gh).toUpperCase(java.util.Locale.ROOT).replace("SHA256=", "sha256=")),
                RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, GITHUB, "non-ASCII digits", h -> put(h, gh, "sha256=" + "\u0661".repeat(64)), RejectionReason.NO_MATCHING_SIGNATURE);

        String sh = "X-Shopify-Hmac-Sha256";
        row(rows, SHOPIFY, "bad base64", h -> put(h, sh, "***"), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, SHOPIFY, "wrong length (16 bytes)", h -> put(h, sh, Base64.getEncoder().encodeToString(new byte[16])),
                RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, SHOPIFY, "hex instead of base64", h -> put(h, sh, "ab".repeat(32)), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, SHOPIFY, "two values in one header", h -> put(h, sh, h.get(sh) + "," + h.get(sh)), RejectionReason.NO_MATCHING_SIGNATURE);

        String sl = "X-Slack-Signature";
        row(rows, SLACK, "v1= instead of v0=", h -> put(h, sl, h.get(sl).replace("v0=", "v1=")), RejectionReason.NO_SUPPORTED_SIGNATURE);
        row(rows, SLACK, "bad hex", h -> put(h, sl, "v0=xyz"), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, SLACK, "wrong length (33 bytes)", h -> put(h, sl, "v0=" + "ab".repeat(33)), RejectionReason.NO_MATCHING_SIGNATURE);
        timestampRows(rows, SLACK, "X-Slack-Request-Timestamp");

        String pd = "Paddle-Signature";
        row(rows, PADDLE, "h2= entries only", h -> put(h, pd, h.get(pd).replace("h1=", "h2=")), RejectionReason.NO_SUPPORTED_SIGNATURE);
        row(rows, PADDLE, "ts entry missing", h -> put(h, pd, h.get(pd).replaceFirst("ts=\\d+;", "")), RejectionReason.MISSING_TIMESTAMP);
        row(rows, PADDLE, "ts entry twice", h -> put(h, pd, "ts=" + TS + ";" + h.get(pd)), RejectionReason.MALFORMED_SIGNATURE_HEADER);
        row(rows, PADDLE, "ts with a plus sign", h -> put(h, pd, h.get(pd).replace("ts=", "ts=+")), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, PADDLE, "ts with a leading zero", h -> put(h, pd, h.get(pd).replace("ts=", "ts=0")), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, PADDLE, "ts in Arabic-Indic digits", h -> put(h, pd, h.get(pd).replace("ts=" + TS, "ts=" + ARABIC_INDIC_TS)),
                RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, PADDLE, "ts overflowing a long", h -> put(h, pd, h.get(pd).replace("ts=" + TS, "ts=" + OVERFLOW_TS)),
                RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, PADDLE, "ts empty", h -> put(h, pd, h.get(pd).replace("ts=" + TS, "ts=")), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, PADDLE, "ts too old", h -> put(h, pd, h.get(pd).replace("ts=" + TS, "ts=" + (NOW.getEpochSecond() - 301))),
                RejectionReason.TIMESTAMP_TOO_OLD);
        row(rows, PADDLE, "ts too far ahead", h -> put(h, pd, h.get(pd).replace("ts=" + TS, "ts=" + (NOW.getEpochSecond() + 301))),
                RejectionReason.TIMESTAMP_IN_FUTURE);
        row(rows, PADDLE, "bad hex", h -> put(h, pd, "ts=" + TS + ";h1=nothex"), RejectionReason.NO_MATCHING_SIGNATURE);
        row(rows, PADDLE, "17 entries", h -> put(h, pd, h.get(pd) + ";h1=00".repeat(16)), RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
        return rows.build();
    }

    private static void timestampRows(Stream.Builder<Arguments> rows, Case c, String header) {
        row(rows, c, "timestamp missing", h -> remove(h, header), RejectionReason.MISSING_TIMESTAMP);
        row(rows, c, "timestamp empty", h -> put(h, header, ""), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp with a plus sign", h -> put(h, header, "+" + TS), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp negative", h -> put(h, header, "-" + TS), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp with a leading zero", h -> put(h, header, "0" + TS), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp in Arabic-Indic digits", h -> put(h, header, ARABIC_INDIC_TS), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp in fullwidth digits", h -> put(h, header, FULLWIDTH_TS), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp overflowing a long", h -> put(h, header, OVERFLOW_TS), RejectionReason.MALFORMED_TIMESTAMP);
        // Milliseconds have 13 digits, over the 12 that Unix seconds can need until the year 33658.
        row(rows, c, "timestamp in milliseconds", h -> put(h, header, TS + "000"), RejectionReason.MALFORMED_TIMESTAMP);
        row(rows, c, "timestamp with 12 digits, far ahead", h -> put(h, header, "999999999999"), RejectionReason.TIMESTAMP_IN_FUTURE);
        row(rows, c, "timestamp zero", h -> put(h, header, "0"), RejectionReason.TIMESTAMP_TOO_OLD);
        row(rows, c, "timestamp as a decimal", h -> put(h, header, TS + ".5"), RejectionReason.MALFORMED_TIMESTAMP);
        long tolerance = c.scheme().tolerance().past().getSeconds();
        row(rows, c, "timestamp just too old", h -> put(h, header, Long.toString(NOW.getEpochSecond() - tolerance - 1)),
                RejectionReason.TIMESTAMP_TOO_OLD);
        row(rows, c, "timestamp just too far ahead", h -> put(h, header, Long.toString(NOW.getEpochSecond() + tolerance + 1)),
                RejectionReason.TIMESTAMP_IN_FUTURE);
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("table")
    void rejectsWithItsReasonCode(String preset, String what, Case c, RejectionReason expected, UnaryOperator<Map<String, String>> change,
                                  byte[] body) {
        WebhookRequest request = Requests.request(body, change.apply(c.headers()));
        assertThatThrownBy(() -> c.verifier().verify(request, NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void rejectsARepeatedSignatureHeader(Case c) {
        Map<String, String> headers = c.headers();
        WebhookRequest.Builder builder = WebhookRequest.builder().body(BODY);
        headers.forEach(builder::header);
        builder.header(c.sigHeader(), headers.get(c.sigHeader()));
        assertThatThrownBy(() -> c.verifier().verify(builder.build(), NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_SIGNATURE_HEADER));
    }

    @Test
    void rejectsARepeatedTimestampHeader() {
        Map<String, String> headers = SLACK.headers();
        WebhookRequest.Builder builder = WebhookRequest.builder().body(BODY);
        headers.forEach(builder::header);
        builder.header("X-Slack-Request-Timestamp", TS);
        assertThatThrownBy(() -> SLACK.verifier().verify(builder.build(), NOW))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_TIMESTAMP));
    }

    @Test
    void readsHeaderNamesCaseInsensitively() {
        Map<String, String> lower = new LinkedHashMap<>();
        GITHUB.headers().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        assertThatCode(() -> GITHUB.verifier().verify(Requests.request(BODY, lower), NOW)).doesNotThrowAnyException();
    }

    private static void row(Stream.Builder<Arguments> rows, Case c, String what, UnaryOperator<Map<String, String>> change,
                            RejectionReason reason) {
        row(rows, c, what, change, reason, BODY);
    }

    private static void row(Stream.Builder<Arguments> rows, Case c, String what, UnaryOperator<Map<String, String>> change,
                            RejectionReason reason, byte[] body) {
        rows.add(Arguments.of(c.preset(), what, c, reason, change, body));
    }

    private static Map<String, String> put(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> remove(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }
}
