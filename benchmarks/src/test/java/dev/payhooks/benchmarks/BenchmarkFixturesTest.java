package dev.payhooks.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payhooks.Outcome;
import dev.payhooks.benchmarks.http.JdbcStoreRun;
import dev.payhooks.benchmarks.http.MerchantComparison;
import dev.payhooks.benchmarks.redis.RedisClaimBenchmarks;
import dev.payhooks.spi.ClaimResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the benchmark fixtures once, without timing anything: the bodies have the exact sizes and
 * are valid JSON, the independent signer matches externally computed values, and every benchmark
 * state's setup passes its self-check (genuine delivery accepted; tampered, other-secret and stale
 * deliveries rejected) and each benchmarked call returns a real result.
 */
class BenchmarkFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {1024, 4096, 65536})
    void bodiesHaveTheExactSizeAndAreValidJson(int size) throws IOException {
        Instant created = Instant.ofEpochSecond(1_763_812_800L);
        byte[] stripe = Payloads.stripePaymentIntentSucceeded(size, Payloads.eventId(42), created);
        byte[] omise = Payloads.omiseChargeComplete(size, "evnt_test_61ayw3v0q2k9xbench");
        byte[] standard = Payloads.standardWebhooksPaymentSucceeded(size, created);

        assertThat(stripe).hasSize(size);
        assertThat(omise).hasSize(size);
        assertThat(standard).hasSize(size);
        JsonNode event = JSON.readTree(stripe);
        assertThat(event.path("type").asText()).isEqualTo("payment_intent.succeeded");
        assertThat(event.path("id").asText()).isEqualTo(Payloads.eventId(42));
        assertThat(event.at("/data/object/status").asText()).isEqualTo("succeeded");
        String text = new String(stripe, StandardCharsets.UTF_8);
        assertThat(text).as("pretty-printed as Stripe sends it, type after data")
                .startsWith("{\n  \"id\": \"").contains("\n    \"object\": {\n").endsWith("\n}\n");
        assertThat(text.indexOf("\"type\": ")).isGreaterThan(text.indexOf("\"data\": "));
        assertThat(text.chars().anyMatch(c -> c > 0x7F)).as("a few non-ASCII characters").isTrue();
        assertThat(JSON.readTree(omise).path("key").asText()).isEqualTo("charge.complete");
        assertThat(JSON.readTree(standard).at("/data/object").asText()).isEqualTo("payment_intent");
    }

    @Test
    void eventIdsAreDistinctAndOfOneLength() {
        assertThat(Payloads.eventId(0)).hasSize(Payloads.EVENT_ID_LENGTH).isNotEqualTo(Payloads.eventId(1));
        assertThat(Payloads.eventId(Long.MAX_VALUE)).hasSize(Payloads.EVENT_ID_LENGTH);
    }

    @Test
    void stripeSignatureMatchesOpenssl() {
        // Expected value computed independently:
        // printf '%s' '1700000000.{"id":"evt_test"}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
        byte[] body = "{\"id\":\"evt_test\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Signing.stripeHeader("whsec_test_secret", 1_700_000_000L, body))
                .isEqualTo("t=1700000000,v1=13941114bb88ac44a76abcfddea5b92aa6182a4b63d8be3aae908a616083bd7e");
    }

    @Test
    void omiseSignatureMatchesOpenssl() {
        // Expected value computed independently, keyed with the base64-decoded secret:
        // printf '%s' '1700000000.{"id":"evnt_test"}' | openssl dgst -sha256 -mac HMAC \
        //   -macopt hexkey:$(echo -n bXlPbWlzZVdlYmhvb2tTZWNyZXRGb3JCZW5jaG1hcmtz | base64 -d | xxd -p)
        byte[] body = "{\"id\":\"evnt_test\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Signing.omiseSignature(OmiseBenchmarks.SECRET, 1_700_000_000L, body))
                .isEqualTo("4908f7fc5579957c466db878a6668f88ad7038a2b68d1b6362bec4a8d185d3dd");
    }

    @Test
    void standardWebhooksSignatureMatchesTheSpecVector() {
        // The Standard Webhooks test vector (github.com/standard-webhooks/standard-webhooks, used by its
        // libraries' tests), recomputed with openssl dgst -sha256 -binary -mac HMAC -macopt hexkey:... | base64.
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertThat(Signing.standardWebhooksSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330L, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void floorSetupSelfChecksAndEveryFloorReturnsAResult() throws IOException {
        FloorBenchmarks floors = new FloorBenchmarks();
        floors.size = 4096;
        floors.setUp();

        assertThat(floors.hmacFloor()).hasSize(32);
        assertThat(floors.jacksonReadTree().path("type").asText()).isEqualTo("payment_intent.succeeded");
        assertThat(floors.verifyParseFloor().path("type").asText()).isEqualTo("payment_intent.succeeded");
        assertThat(floors.utf8Check()).isEqualTo(-1);
        assertThat(floors.utf8CheckThai()).isEqualTo(-1);
        assertThat(floors.utf8JdkDecoder()).isEqualTo(-1);
        assertThat(floors.utf8JdkDecoderThai()).isEqualTo(-1);
    }

    @Test
    void stripeSetupSelfChecksAndEveryCallVerifies() throws Exception {
        StripeBenchmarks stripe = new StripeBenchmarks();
        stripe.size = 4096;
        stripe.setUp();
        long handledAfterSetup = stripe.handled();

        assertThat(stripe.stripeJavaVerifyHeader()).isTrue();
        assertThat(stripe.stripeJavaConstructEvent().getType()).isEqualTo("payment_intent.succeeded");
        assertThat(stripe.payhooksVerify()).isNotNull();
        assertThat(stripe.payhooksVerifyAndDecode().type()).isEqualTo("payment_intent.succeeded");
        for (int i = 0; i < 3; i++) {
            assertThat(stripe.payhooksReceive().outcome()).isEqualTo(Outcome.HANDLED);
        }
        assertThat(stripe.handled()).isEqualTo(handledAfterSetup + 3);
    }

    @Test
    void stripeJavaBindingSetupSelfChecksAndBothWaysBindTheSamePaymentIntent() throws Exception {
        StripeJavaBindingBenchmarks binding = new StripeJavaBindingBenchmarks();
        binding.size = 4096;
        binding.setUp();

        assertThat(binding.payhooksVerifyAndBind()).isEqualTo(binding.stripeJavaConstructEventTypedObject());
        assertThat(binding.payhooksVerifyAndBind().getId()).isEqualTo("pi_3QZk8sLkdIwHu7ix0Ym2b9Qe");
    }

    @Test
    void omiseAndStandardWebhooksSetupsSelfCheck() throws Exception {
        OmiseBenchmarks omise = new OmiseBenchmarks();
        omise.size = 1024;
        omise.setUp();
        assertThat(omise.payhooksVerify()).isNotNull();

        StandardWebhooksBenchmarks standard = new StandardWebhooksBenchmarks();
        standard.size = 1024;
        standard.setUp();
        assertThat(standard.libraryVerify()).isTrue();
        assertThat(standard.payhooksVerify()).isNotNull();
    }

    @Test
    void redisSetupSelfChecksAndEveryCallClaims() throws IOException {
        RedisClaimBenchmarks redis = new RedisClaimBenchmarks();
        redis.setUp();
        try {
            assertThat(redis.bareSetNx()).isEqualTo("OK");
            assertThat(redis.claim()).isInstanceOf(ClaimResult.Claimed.class);
            assertThat(redis.claimAndComplete()).isTrue();
            assertThat(redis.duplicateClaim()).isInstanceOf(ClaimResult.Completed.class);
        } finally {
            redis.tearDown();
        }
    }

    @Test
    void merchantComparisonPassesItsChecksInEveryMode() throws Exception {
        // A handful of deliveries per mode: the run itself fails unless each mode rejects a
        // tampered, other-secret and stale delivery, answers 200 to every delivery and paid each
        // order exactly once. Nothing here is timed.
        MerchantComparison.main(new String[] {"--clients=2", "--rounds=1", "--seconds=1", "--warmup-seconds=1",
                "--requests=10"});
    }

    @Test
    void jdbcStoreRunPassesItsChecks() throws Exception {
        // Fails unless the table holds exactly one (completed) row per operation counted.
        JdbcStoreRun.main(new String[] {"--threads=2", "--rounds=1", "--seconds=1", "--warmup-seconds=1"});
    }
}
