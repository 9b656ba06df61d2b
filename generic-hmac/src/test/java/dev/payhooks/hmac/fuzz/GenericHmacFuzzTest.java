package dev.payhooks.hmac.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.payhooks.Event;
import dev.payhooks.spi.EventDecoder;
import dev.payhooks.Outcome;
import dev.payhooks.RejectionReason;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.hmac.HmacPresets;
import dev.payhooks.hmac.HmacWebhooks;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.testkit.ReferenceHmac;
import dev.payhooks.testkit.fuzz.DeliveryOracle;
import dev.payhooks.testkit.fuzz.FuzzChecks;
import dev.payhooks.testkit.fuzz.Placeholders;
import dev.payhooks.testkit.fuzz.RequestTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer targets for everything in the generic-hmac module that reads request bytes, for every
 * preset (Standard Webhooks with {@code v1} HMAC and {@code v1a} Ed25519, Yoco, GitHub, Shopify,
 * Slack, Paddle): the signature-header parser, the timestamp (header or {@code ts=} entry), the
 * event decoders, the verifier and the whole {@code receive} path. Each target asserts that only
 * the documented outcome happens.
 *
 * <p>In {@code mvn verify} the targets replay the committed inputs under
 * {@code src/test/resources/dev/payhooks/hmac/fuzz/GenericHmacFuzzTestInputs/<method>/} (every
 * crash ever found is kept there). A longer run of one target, one at a time (see SECURITY.md):
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s mvn -B -pl generic-hmac test -Dtest='GenericHmacFuzzTest#receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The request targets read a {@link RequestTemplate} (the testkit's harness), so that the
 * committed inputs stay readable and the fuzzer can reach the code behind a valid signature: an
 * optional first line
 * {@code #<preset>} (default {@code standard-webhooks}), header lines {@code Name: value}, an empty
 * line, then the raw body. In header values {@code {now}} becomes the receiver's clock in Unix
 * seconds; {@code {sig}} the preset's correct MAC (in its encoding, without the scheme prefix) over
 * the signed content built from the request's own id and timestamp texts, whatever they are;
 * {@code {forged}} the same made with another secret; {@code {ed}} the Ed25519 signature of the
 * Standard Webhooks content; {@code {sig-truncated}} and {@code {sig-extended}} the correct MAC
 * cut short or with extra characters.
 */
class GenericHmacFuzzTest {

    private static final long NOW = 1_735_689_600L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    /** Test-only secrets; the whsec_ one is the Standard Webhooks documentation's example format. */
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String WHSEC_ATTACKER = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
    private static final String PLAIN = "fuzz_plain_secret_8c21";
    private static final String PLAIN_ATTACKER = "fuzz_attacker_secret_13";
    private static final KeyPair ED25519 = ed25519KeyPair();
    private static final Map<String, Preset> PRESETS = presets();
    private static final Set<RejectionReason> HEADER_REASONS = EnumSet.of(RejectionReason.MALFORMED_SIGNATURE_HEADER,
            RejectionReason.SIGNATURE_HEADER_TOO_LARGE, RejectionReason.NO_SUPPORTED_SIGNATURE,
            RejectionReason.NO_MATCHING_SIGNATURE, RejectionReason.MISSING_TIMESTAMP, RejectionReason.MALFORMED_TIMESTAMP,
            RejectionReason.TIMESTAMP_TOO_OLD, RejectionReason.TIMESTAMP_IN_FUTURE);

    /** How one preset is configured here and what, independently of the module, it signs. */
    private record Preset(String name, HmacWebhooks scheme, WebhookSource source, String secret, String attackerSecret,
                          String signatureHeader, String prefix, boolean base64, String timestampHeader,
                          String idHeader, long toleranceSeconds) {

        SignatureVerifier verifier() {
            return source.verifier();
        }

        byte[] key(String which) {
            return which.startsWith("whsec_") ? Base64.getDecoder().decode(which.substring(6))
                    : which.getBytes(StandardCharsets.UTF_8);
        }

        /** The signed content of the preset's documentation, from the request's own texts. */
        byte[] content(String id, String timestamp, byte[] body) {
            String prefix = switch (name) {
                case "standard-webhooks", "yoco" -> id + "." + timestamp + ".";
                case "slack" -> "v0:" + timestamp + ":";
                case "paddle" -> timestamp + ":";
                default -> "";
            };
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, content, head.length, body.length);
            return content;
        }

        String mac(String which, String id, String timestamp, byte[] body) {
            byte[] value = ReferenceHmac.sha256(key(which), content(id, timestamp, body));
            return base64 ? Base64.getEncoder().encodeToString(value) : HexFormat.of().formatHex(value);
        }

        /** The independent statement of a valid delivery for this preset; see {@link #assertValid}. */
        DeliveryOracle oracle() {
            return request -> assertValid(this, request);
        }
    }

    private static Map<String, Preset> presets() {
        String whpk = "whpk_" + Base64.getEncoder().encodeToString(rawPublicKey(ED25519.getPublic()));
        Map<String, Preset> presets = new LinkedHashMap<>();
        presets.put("standard-webhooks", new Preset("standard-webhooks", HmacPresets.standardWebhooks(),
                HmacPresets.standardWebhooks().source(WHSEC, whpk), WHSEC, WHSEC_ATTACKER,
                "webhook-signature", "v1,", true, "webhook-timestamp", "webhook-id", 300));
        presets.put("yoco", new Preset("yoco", HmacPresets.yoco(), HmacPresets.yoco().source(WHSEC), WHSEC, WHSEC_ATTACKER,
                "webhook-signature", "v1,", true, "webhook-timestamp", "webhook-id", 180));
        presets.put("github", new Preset("github", HmacPresets.github(), HmacPresets.github().source(PLAIN), PLAIN,
                PLAIN_ATTACKER, "X-Hub-Signature-256", "sha256=", false, null, "X-GitHub-Delivery", -1));
        presets.put("shopify", new Preset("shopify", HmacPresets.shopify(), HmacPresets.shopify().source(PLAIN), PLAIN,
                PLAIN_ATTACKER, "X-Shopify-Hmac-Sha256", "", true, null, "X-Shopify-Webhook-Id", -1));
        presets.put("slack", new Preset("slack", HmacPresets.slack(), HmacPresets.slack().source(PLAIN), PLAIN,
                PLAIN_ATTACKER, "X-Slack-Signature", "v0=", false, "X-Slack-Request-Timestamp", null, 300));
        presets.put("paddle", new Preset("paddle", HmacPresets.paddle(), HmacPresets.paddle().source(PLAIN), PLAIN,
                PLAIN_ATTACKER, "Paddle-Signature", "h1=", false, null, null, 300));
        return presets;
    }

    @FuzzTest
    void signatureHeaderParsersThrowOnlyHeaderReasons(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        for (Preset preset : PRESETS.values()) {
            WebhookRequest.Builder request = WebhookRequest.builder().body(body).header(preset.signatureHeader(), value);
            if (preset.timestampHeader() != null) {
                request.header(preset.timestampHeader(), Long.toString(NOW));
            }
            if (preset.idHeader() != null) {
                request.header(preset.idHeader(), "msg_fuzz");
            }
            try {
                preset.verifier().verify(request.build(), CLOCK.instant());
            } catch (WebhookVerificationException expected) {
                assertThat(expected.reason()).as(preset.name() + ": " + expected.getMessage()).isIn(HEADER_REASONS);
                if (value.length() > SignatureHeaders.MAX_HEADER_LENGTH) {
                    assertThat(expected.reason()).as(preset.name()).isEqualTo(RejectionReason.SIGNATURE_HEADER_TOO_LARGE);
                }
                continue;
            }
            throw new AssertionError(preset.name() + ": a header without the MAC passed verification");
        }
    }

    @FuzzTest
    void timestampsAcceptOnlyCanonicalAsciiDigitsInTheWindow(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] body = "{\"type\":\"t\",\"event_id\":\"e\"}".getBytes(StandardCharsets.US_ASCII);
        for (String name : List.of("standard-webhooks", "slack", "paddle")) {
            Preset preset = PRESETS.get(name);
            String mac = preset.mac(preset.secret(), "msg_fuzz", text, body);
            WebhookRequest.Builder request = WebhookRequest.builder().body(body);
            if (name.equals("paddle")) {
                request.header(preset.signatureHeader(), "ts=" + text + ";h1=" + mac);
            } else {
                request.header(preset.signatureHeader(), preset.prefix() + mac).header(preset.timestampHeader(), text);
            }
            if (preset.idHeader() != null) {
                request.header(preset.idHeader(), "msg_fuzz");
            }
            try {
                preset.verifier().verify(request.build(), CLOCK.instant());
            } catch (WebhookVerificationException expected) {
                assertThat(expected.reason()).as(name + ": " + expected.getMessage()).isIn(HEADER_REASONS);
                continue;
            }
            assertThat(text).as(name).matches("0|[1-9][0-9]{0,11}");
            assertThat(Math.abs(Long.parseLong(text) - NOW)).as(name).isLessThanOrEqualTo(preset.toleranceSeconds());
        }
    }

    @FuzzTest
    void eventDecodersThrowOnlyDecodingExceptions(byte[] body) {
        WebhookRequest request = WebhookRequest.builder().body(body)
                .header("webhook-id", "msg_fuzz").header("X-GitHub-Delivery", "d-1").header("X-GitHub-Event", "push")
                .header("X-Shopify-Webhook-Id", "s-1").header("X-Shopify-Topic", "orders/create").build();
        for (Preset preset : PRESETS.values()) {
            EventDecoder decoder = preset.source().decoder();
            Event event;
            try {
                event = decoder.decode(request, Verification.verified());
            } catch (WebhookDecodingException expected) {
                assertThat(expected.reason()).as(preset.name()).isNotNull();
                continue;
            }
            assertThat(event.id()).as(preset.name()).isNotEmpty();
            assertThat(event.type()).as(preset.name()).isNotEmpty();
            assertThat(event.idempotencyKey()).as(preset.name()).isNotEmpty();
            try {
                event.data(Map.class);
            } catch (WebhookDecodingException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            event.attributes();
        }
    }

    @FuzzTest
    void verifierPassesOnlyRequestsCarryingTheSignatureOfTheSecret(byte[] input) {
        Delivery delivery = Delivery.parse(input);
        Preset preset = delivery.preset();
        FuzzChecks.assertVerifierDecision(preset.verifier(), delivery.request(), CLOCK.instant(), preset.oracle(),
                preset.secret(), delivery.signature(preset.secret()));
    }

    @FuzzTest
    void receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures(byte[] input) {
        Delivery delivery = Delivery.parse(input);
        Preset preset = delivery.preset();
        FuzzChecks.assertReceiveDecision(preset.source(), CLOCK, delivery.request(), preset.oracle(),
                preset.secret(), delivery.signature(preset.secret()));
    }

    @Test
    void templateHarnessSignsTheValidSeedsAndNotTheForgedOnes() {
        // Without this, a harness bug could make every seed a forgery and the oracle would never run.
        String dir = "GenericHmacFuzzTestInputs/receiveNeverAnswers5xxAndRunsHandlersOnlyForValidSignatures/";
        for (String seed : List.of("standard-webhooks-valid", "standard-webhooks-ed25519", "yoco-valid", "github-valid",
                "shopify-valid", "slack-valid", "paddle-valid", "svix-headers")) {
            assertThat(receive(seed(dir + seed)).outcome()).as(seed).isEqualTo(Outcome.HANDLED);
        }
        for (String seed : List.of("standard-webhooks-forged", "github-forged", "paddle-forged")) {
            assertThat(receive(seed(dir + seed)).reason()).as(seed).hasValue(RejectionReason.NO_MATCHING_SIGNATURE);
        }
    }

    @Test
    void aFailingCustomResolverIsAnsweredUnavailableLikeTheOtherProviders() {
        // A merchant's resolver that throws on a tenant name it cannot parse, or returns null, is a
        // lookup that cannot be made now: 503 with Retry-After (as StripeSignatureVerifier and
        // OmiseSignatureVerifier do), not the 500 the pipeline keeps for bugs.
        byte[] body = "{\"type\":\"t\"}".getBytes(StandardCharsets.US_ASCII);
        WebhookRequest request = WebhookRequest.builder().body(body).header("webhook-id", "msg_1")
                .header("webhook-timestamp", Long.toString(NOW)).header("webhook-signature", "v1,"
                        + PRESETS.get("standard-webhooks").mac(WHSEC, "msg_1", Long.toString(NOW), body)).build();
        for (dev.payhooks.SecretResolver resolver : List.<dev.payhooks.SecretResolver>of(
                r -> { throw new NumberFormatException("For input string: \"m_x\""); }, r -> null)) {
            WebhookResponse response = WebhookReceiver.builder().source(HmacPresets.standardWebhooks().source(resolver))
                    .clock(CLOCK).otherwise(event -> { }).build().receive(request);
            assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(response.status()).isEqualTo(503);
        }
    }

    private static WebhookResponse receive(byte[] input) {
        Delivery delivery = Delivery.parse(input);
        return WebhookReceiver.builder().source(delivery.preset().source()).clock(CLOCK).otherwise(event -> { })
                .build().receive(delivery.request());
    }

    private static byte[] seed(String name) {
        return FuzzChecks.input(GenericHmacFuzzTest.class, name);
    }

    /**
     * The independent statement of a valid delivery for the preset (each provider's documentation,
     * cited in the module's README): one signature header among whose entries is the preset's
     * prefix followed by the MAC of the documented signed content (or, for Standard Webhooks, a
     * {@code v1a,} Ed25519 signature the JDK accepts), a timestamp of plain digits within the
     * tolerance, and a message id of 1 to 255 characters where the content includes it. Read from
     * the request alone.
     */
    private static void assertValid(Preset preset, WebhookRequest request) {
        List<String> values = firstPresent(request, preset.signatureHeader(), "svix-signature");
        assertThat(values).hasSize(1);
        Function<String[], Optional<String>> first = names -> Optional.of(firstPresent(request, names))
                .filter(found -> !found.isEmpty()).map(found -> found.get(0));
        String id = first.apply(new String[] {"webhook-id", "svix-id"}).orElse("");
        String timestamp = timestamp(preset, first);
        byte[] body = request.body();
        List<String> entries = entries(preset, values.get(0));
        boolean hmac = entries.contains(preset.prefix() + preset.mac(preset.secret(), id, timestamp, body));
        boolean ed = preset.name().equals("standard-webhooks") && entries.stream().anyMatch(e -> e.startsWith("v1a,")
                && ed25519Verifies(preset.content(id, timestamp, body), e.substring(4)));
        assertThat(hmac || ed).as("the header carries the MAC or an Ed25519 signature of the content").isTrue();
        if (preset.toleranceSeconds() >= 0) {
            FuzzChecks.assertCanonicalTimestamp(timestamp, NOW, preset.toleranceSeconds());
        }
        if (preset.name().equals("standard-webhooks") || preset.name().equals("yoco")) {
            assertThat(id).isNotEmpty().hasSizeLessThanOrEqualTo(255);
        }
    }

    private static List<String> firstPresent(WebhookRequest request, String... names) {
        for (String name : names) {
            if (!request.headers(name).isEmpty()) {
                return request.headers(name);
            }
        }
        return List.of();
    }

    /** The timestamp text the preset signs: a header, or Paddle's {@code ts=} entry. */
    private static String timestamp(Preset preset, Function<String[], Optional<String>> first) {
        if (preset.name().equals("paddle")) {
            for (String entry : entries(preset, first.apply(new String[] {preset.signatureHeader()}).orElse(""))) {
                if (entry.startsWith("ts=")) {
                    return entry.substring(3);
                }
            }
            return "";
        }
        String[] names = preset.name().equals("slack") ? new String[] {preset.timestampHeader()}
                : new String[] {"webhook-timestamp", "svix-timestamp"};
        return first.apply(names).orElse("");
    }

    private static List<String> entries(Preset preset, String value) {
        String separator = switch (preset.name()) {
            case "standard-webhooks", "yoco" -> " ";
            case "paddle" -> ";";
            default -> null;
        };
        if (separator == null) {
            return List.of(value);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(java.util.regex.Pattern.quote(separator), -1)) {
            if (!entry.strip().isEmpty()) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    private static boolean ed25519Verifies(byte[] content, String base64) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(ED25519.getPublic());
            verifier.update(content);
            return verifier.verify(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static KeyPair ed25519KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            // A fixed seed so that every run (and every replayed input) uses the same key pair.
            generator.initialize(255, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    Arrays.fill(bytes, (byte) 0x5a);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] rawPublicKey(PublicKey key) {
        try {
            byte[] x509 = KeyFactory.getInstance("Ed25519").getKeySpec(key, X509EncodedKeySpec.class).getEncoded();
            return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A template for one preset (an optional first line {@code #<preset>}), with its placeholders
     * filled in from the template's own id and timestamp texts; see the class comment.
     */
    private record Delivery(Preset preset, RequestTemplate template) {

        static Delivery parse(byte[] input) {
            RequestTemplate template = RequestTemplate.parse(input, line -> line.startsWith("#"))
                    .resolve(Placeholders.none().with("now", Long.toString(NOW)));
            Preset preset = template.preamble().map(line -> PRESETS.get(line.substring(1).strip()))
                    .orElse(PRESETS.get("standard-webhooks"));
            return new Delivery(preset, template);
        }

        String id() {
            return template.first("webhook-id", "svix-id").orElse("");
        }

        String timestamp() {
            return GenericHmacFuzzTest.timestamp(preset, template::first);
        }

        String signature(String secret) {
            return preset.mac(secret, id(), timestamp(), template.body());
        }

        String ed25519() {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(ED25519.getPrivate());
                signer.update(preset.content(id(), timestamp(), template.body()));
                return Base64.getEncoder().encodeToString(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        WebhookRequest request() {
            String signature = signature(preset.secret());
            // Computed only when asked for: an Ed25519 signature costs more than the code under test.
            Placeholders values = Placeholders.signature(signature, preset.base64() ? "AAAA" : "00")
                    .withLazy("forged", () -> signature(preset.attackerSecret()))
                    .withLazy("ed", this::ed25519);
            return template.request(values).build();
        }
    }
}
