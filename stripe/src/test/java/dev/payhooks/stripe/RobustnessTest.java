package dev.payhooks.stripe;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.internal.StripeSigner;
import dev.payhooks.stripe.internal.StripeEventDecoder;
import dev.payhooks.Event;
import dev.payhooks.spi.Verification;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.stripe.view.RefundView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded mutation loops and concurrent use: only the documented exceptions, and stable verdicts. */
class RobustnessTest {

    private static final String SECRET = "whsec_robustness_9e8d";
    private static final long T = 1_737_400_800L;

    @Test
    void decoderThrowsOnlyDecodingExceptionsForMutatedPayloads() {
        long seed = 0xDEC0DEL;
        Random random = new Random(seed);
        StripeEventDecoder decoder = StripeEventDecoder.create();
        List<byte[]> originals = new ArrayList<>();
        for (String name : List.of("refund.created", "refund.updated", "refund.failed", "payment_intent.succeeded",
                "charge.dispute.created", "balance.available", "charge.succeeded", "thin.v1.billing.meter.error_report_triggered")) {
            originals.add(Fixtures.event(name));
        }
        int decoded = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] body = mutate(originals.get(random.nextInt(originals.size())), random);
            try {
                Event event = decoder.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
                decoded++;
                assertThat(event.id()).as("seed %d case %d", seed, i).isNotEmpty();
                try {
                    event.data(RefundView.class);
                } catch (WebhookDecodingException expected) {
                    assertThat(expected.reason()).isNotNull();
                }
                StripeEvents.relatedObject(event);
                StripeEvents.previousAttributes(event, RefundView.class);
            } catch (WebhookDecodingException expected) {
                assertThat(expected.reason()).as("seed %d case %d", seed, i).isNotNull();
            } catch (RuntimeException unexpected) {
                throw new AssertionError("seed " + seed + " case " + i + " escaped with " + unexpected, unexpected);
            }
        }
        assertThat(decoded).as("seed %d: some mutations still decode", seed).isGreaterThan(100);
    }

    @Test
    void verifierGivesStableVerdictsUnderConcurrentUse() throws Exception {
        SignatureVerifier verifier = StripeWebhooks.source(SECRET, "whsec_robustness_old").verifier();
        byte[] body = Fixtures.event("refund.failed");
        WebhookRequest valid = StripeSigner.of(SECRET).request(body, Instant.ofEpochSecond(T));
        WebhookRequest rotated = StripeSigner.of("whsec_robustness_old").request(body, Instant.ofEpochSecond(T));
        WebhookRequest forged = StripeSigner.of("whsec_forger").request(body, Instant.ofEpochSecond(T));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                tasks.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        verifier.verify(i % 2 == 0 ? valid : rotated, Instant.ofEpochSecond(T));
                        ok++;
                        try {
                            verifier.verify(forged, Instant.ofEpochSecond(T));
                            throw new AssertionError("a forged request verified");
                        } catch (WebhookVerificationException expected) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(1000);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] body = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                return Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            case 1 -> {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                return body;
            }
            case 2 -> {
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                String[] swaps = {"\"livemode\": true", "\"livemode\": \"yes\"", "\"created\": \"soon\"", "\"created\": -1",
                    "\"request\": 42", "\"account\": {}", "\"type\": 7", "\"object\": \"v2.core.event\"", "\"id\": null"};
                int at = text.indexOf('\n', random.nextInt(Math.max(1, text.length() - 1)));
                if (at < 0 || !text.substring(0, at).trim().endsWith(",")) {
                    return body;
                }
                return (text.substring(0, at + 1) + swaps[random.nextInt(swaps.length)] + ",\n" + text.substring(at + 1))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            case 3 -> {
                int at = random.nextInt(body.length);
                byte[] longer = new byte[body.length + 1];
                System.arraycopy(body, 0, longer, 0, at);
                String inserts = "{}[],:\"\\0";
                longer[at] = (byte) inserts.charAt(random.nextInt(inserts.length()));
                System.arraycopy(body, at, longer, at + 1, body.length - at);
                return longer;
            }
            default -> {
                return body;
            }
        }
    }
}
