package dev.payhooks.cli;

import dev.payhooks.cli.internal.Providers;
import dev.payhooks.spi.WebhookProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SignAndVerifyCommandTest {

    /*
     * Stripe: the signed payload is "<t>.<body>" and the key is the whole whsec_ string as UTF-8
     * (https://docs.stripe.com/webhooks#verify-manually). Expected value computed independently:
     *   printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_test_secret'
     */
    private static final String STRIPE_SECRET = "whsec_test_secret";
    private static final String STRIPE_BODY = "{\"id\":\"evt_test_webhook\",\"object\":\"event\",\"type\":\"refund.failed\","
            + "\"created\":1700000000,\"livemode\":false,\"data\":{\"object\":{\"id\":\"re_1\"}}}";
    private static final String STRIPE_V1 = "b19fab202221cde88630427d9292a44fa6b7758849c0184dd703e839e0ed290a";

    /*
     * Standard Webhooks specification test vector (github.com/standard-webhooks/standard-webhooks,
     * the reference libraries' test suites); recomputed with
     *   printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' \
     *     | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(echo -n MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p) -binary | base64
     */
    private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SW_SECRET_FOR_TESTS = SW_SECRET;
    private static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SW_BODY = "{\"test\": 2432232314}";
    private static final String SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @TempDir
    Path dir;

    private String file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private String file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path.toString();
    }

    @Test
    void signPrintsTheStripeHeaderMatchingAnIndependentHmac() throws IOException {
        Run run = Run.of("sign", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--body-file", file("body.json", STRIPE_BODY), "--timestamp", "1700000000");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("Stripe-Signature: t=1700000000,v1=" + STRIPE_V1);
    }

    @Test
    void signReproducesTheStandardWebhooksSpecificationVector() throws IOException {
        Run run = Run.of("sign", "--provider", "standard-webhooks", "--secret", SW_SECRET,
                "--body-file", file("body.json", SW_BODY), "--timestamp", "1614265330", "--id", SW_ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "webhook-id: " + SW_ID, "webhook-timestamp: 1614265330", "webhook-signature: " + SW_SIGNATURE);
    }

    @Test
    void signRejectsAnUnknownProviderAsAUsageErrorNamingTheKnownOnes() throws IOException {
        Run run = Run.of("sign", "--provider", "strype", "--secret", "x", "--body-file", file("b.json", "{}"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown provider 'strype'; use one of ");
        for (String name : List.of("acme", "github", "omise", "paddle", "shopify", "slack", "standard-webhooks", "stripe", "yoco")) {
            assertThat(run.err()).contains(name);
        }
    }

    @Test
    void signRejectsASecretWithSurroundingWhitespaceAsAConfigurationError() throws IOException {
        Run run = Run.of("sign", "--provider", "stripe", "--secret", "whsec_abc\n", "--body-file", file("b.json", "{}"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("whitespace").doesNotContain("whsec_abc");
    }

    @Test
    void signRejectsAMissingBodyFile() {
        Run run = Run.of("sign", "--provider", "github", "--secret", "s", "--body-file", dir.resolve("nope").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void verifyAcceptsTheIndependentlySignedStripeDelivery() throws IOException {
        Run run = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", STRIPE_BODY), "--now", "1700000100");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("valid").contains("evt_test_webhook refund.failed (stripe, TEST)");
    }

    @Test
    void verifyReportsAValidSpecVectorSignatureOverABodyThatIsNotAnEvent() throws IOException {
        Run run = Run.of("verify", "--provider", "standard-webhooks", "--secret", SW_SECRET,
                "--header", "webhook-id: " + SW_ID, "--header", "webhook-timestamp: 1614265330",
                "--header", "webhook-signature: " + SW_SIGNATURE,
                "--body-file", file("body.json", SW_BODY), "--now", "1614265330");

        // The vector's body has no "type": the signature passes, the decoder refuses it, as the library would.
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("invalid: MISSING_EVENT_FIELD").contains("the signature is valid");
    }

    static List<WebhookProvider> providers() {
        return WebhookProvider.installed();
    }

    @Test
    void findsEveryProviderOnTheClassPathIncludingOneDefinedOnlyInTheseTests() {
        assertThat(Providers.names()).containsExactly(
                "acme", "github", "omise", "paddle", "shopify", "slack", "standard-webhooks", "stripe", "yoco");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verifyAcceptsWhatEveryProvidersSignerSigned(WebhookProvider provider) throws IOException {
        Instant at = Instant.now();
        String id = provider.newEventId();
        byte[] body = provider.sampleEvent(provider.sampleEventType(), id, at, false);
        Map<String, String> headers = Providers.sign(provider, List.of(secretFor(provider)), body, at, id,
                Optional.of(provider.sampleEventType()));

        Run run = Run.of(verifyArgs(provider, List.of(secretFor(provider)), headers, file("body.json", body)));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("valid").contains(provider.sampleEventType());
    }

    @Test
    void signsAndVerifiesForAProviderTheCommandDoesNotKnow() throws IOException {
        String body = file("anvil.json", "{\"id\":\"evt_a1\",\"kind\":\"anvil.delivered\"}");
        Run signed = Run.of("sign", "--provider", "acme", "--secret", "acme_s3cret", "--body-file", body,
                "--timestamp", "1700000000");
        String header = signed.out().strip();

        Run valid = Run.of("verify", "--provider", "ACME", "--secret", "acme_s3cret", "--header", header, "--body-file", body,
                "--now", "1700000060");
        Run forged = Run.of("verify", "--provider", "acme", "--secret", "acme_other", "--header", header, "--body-file", body,
                "--now", "1700000060");
        Run unsigned = Run.of("verify", "--provider", "acme", "--secret", "acme_s3cret", "--header", "X-Other: 1",
                "--body-file", body);
        Run badSecret = Run.of("verify", "--provider", "acme", "--secret", "whsec_x", "--header", header, "--body-file", body);

        assertThat(signed.exitCode()).isZero();
        assertThat(header).matches("Acme-Signature: t=1700000000,s=[0-9a-f]{64}");
        assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();
        assertThat(valid.out()).startsWith("valid").contains("evt_a1 anvil.delivered (acme, UNKNOWN)");
        assertThat(forged.exitCode()).isEqualTo(1);
        assertThat(forged.out()).startsWith("invalid: NO_MATCHING_SIGNATURE");
        assertThat(unsigned.out()).startsWith("invalid: MISSING_SIGNATURE_HEADER").contains("for acme: Acme-Signature");
        assertThat(badSecret.exitCode()).isEqualTo(2);
        assertThat(badSecret.err()).contains("acme webhook secret 1 of 1 is unusable: an Acme secret starts with acme_");
    }

    @Test
    void verifyRejectsATamperedBodyWithTheReasonCodeAndAHint() throws IOException {
        Run run = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", STRIPE_BODY.replace("re_1", "re_2")), "--now", "1700000000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("invalid: NO_MATCHING_SIGNATURE\n").contains("hint: no secret given matches");
        assertThat(run.out()).doesNotContain(STRIPE_V1).doesNotContain(STRIPE_SECRET);
    }

    @Test
    void verifyExplainsATrailingLineBreakAddedToTheBodyFile() throws IOException {
        Run run = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", STRIPE_BODY + "\n"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("invalid: NO_MATCHING_SIGNATURE").contains("ends with a line break");
    }

    @Test
    void verifyExplainsABodyThatWasReSerialised() throws IOException {
        String pretty = "{\n  \"id\" : \"evt_test_webhook\",\n  \"object\" : \"event\",\n  \"type\" : \"refund.failed\",\n"
                + "  \"created\" : 1700000000,\n  \"livemode\" : false,\n  \"data\" : {\n    \"object\" : {\n"
                + "      \"id\" : \"re_1\"\n    }\n  }\n}";
        Run run = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", pretty), "--now", "1700000000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("invalid: NO_MATCHING_SIGNATURE").contains("the body looks re-serialised");
    }

    @Test
    void verifyRejectsAStaleCaptureAndAcceptsItAtItsCaptureTimeOrWithoutTheTimestampCheck() throws IOException {
        String body = file("body.json", STRIPE_BODY);
        String header = "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1;

        Run stale = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET, "--header", header, "--body-file", body);
        Run atCapture = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET, "--header", header,
                "--body-file", body, "--now", "1700000299");
        Run unchecked = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET, "--header", header,
                "--body-file", body, "--no-timestamp-check");
        Run narrow = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET, "--header", header,
                "--body-file", body, "--now", "1700000011", "--tolerance", "10");

        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out()).startsWith("invalid: TIMESTAMP_TOO_OLD").contains("--now").contains("--no-timestamp-check");
        assertThat(atCapture.exitCode()).isZero();
        assertThat(unchecked.exitCode()).isZero();
        assertThat(narrow.exitCode()).isEqualTo(1);
        assertThat(narrow.out()).startsWith("invalid: TIMESTAMP_TOO_OLD");
    }

    @Test
    void verifyAcceptsTheRightSecretAmongSeveralDuringARotation() throws IOException {
        Run run = Run.of("verify", "--provider", "stripe", "--secret", "whsec_new_secret", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", STRIPE_BODY), "--now", "1700000000");
        Run wrong = Run.of("verify", "--provider", "stripe", "--secret", "whsec_new_secret",
                "--header", "Stripe-Signature: t=1700000000,v1=" + STRIPE_V1,
                "--body-file", file("body.json", STRIPE_BODY), "--now", "1700000000");

        assertThat(run.exitCode()).isZero();
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).startsWith("invalid: NO_MATCHING_SIGNATURE");
    }

    @Test
    void verifyNamesAMissingSignatureHeader() throws IOException {
        Run run = Run.of("verify", "--provider", "omise", "--secret", "c2VjcmV0LWtleS1mb3Itb21pc2UtdGVzdHM=",
                "--header", "Content-Type: application/json", "--body-file", file("body.json", "{}"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("invalid: MISSING_").contains("Omise-Signature");
    }

    @Test
    void verifyTreatsConfigurationMistakesAsUsageErrors() throws IOException {
        String body = file("body.json", STRIPE_BODY);

        Run badHeader = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature t=1", "--body-file", body);
        Run badTolerance = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET,
                "--header", "Stripe-Signature: t=1", "--body-file", body, "--tolerance", "0");
        Run apiKey = Run.of("verify", "--provider", "stripe", "--secret", "sk_test_123",
                "--header", "Stripe-Signature: t=1", "--body-file", body);
        Run notBase64 = Run.of("verify", "--provider", "omise", "--secret", "not base64!",
                "--header", "Omise-Signature: 00", "--body-file", body);
        Run missingOption = Run.of("verify", "--provider", "stripe", "--secret", STRIPE_SECRET, "--body-file", body);

        assertThat(badHeader.exitCode()).isEqualTo(2);
        assertThat(badHeader.err()).contains("'Name: value'");
        assertThat(badTolerance.exitCode()).isEqualTo(2);
        assertThat(badTolerance.err()).contains("--tolerance");
        assertThat(apiKey.exitCode()).isEqualTo(2);
        assertThat(notBase64.exitCode()).isEqualTo(2);
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.err()).contains("--header");
    }

    static String secretFor(WebhookProvider provider) {
        switch (provider.name()) {
            case "stripe":
                return "whsec_cli_test_secret";
            case "omise":
                // base64 of "secret-key-for-omise-tests"
                return "c2VjcmV0LWtleS1mb3Itb21pc2UtdGVzdHM=";
            case "standard-webhooks":
            case "yoco":
                return SW_SECRET;
            case "acme":
                return "acme_cli_test_secret";
            default:
                return "cli-test-secret-" + provider.name();
        }
    }

    private static String[] verifyArgs(WebhookProvider provider, List<String> secrets, Map<String, String> headers, String body) {
        List<String> args = new ArrayList<>(List.of("verify", "--provider", provider.name(), "--body-file", body));
        secrets.forEach(s -> args.addAll(List.of("--secret", s)));
        headers.forEach((name, value) -> args.addAll(List.of("--header", name + ": " + value)));
        return args.toArray(String[]::new);
    }
}
