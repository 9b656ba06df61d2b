package dev.payhooks.hmac;

import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random header values for every preset: verification either succeeds or throws
 * {@link WebhookVerificationException}, never anything else (SECURITY.md, guarantee 6), and a random header
 * never verifies. Replay with {@code -Dpayhooks.seed=<long>}.
 */
class HostileInputPropertyTest {

    private static final int ROUNDS = 3_000;
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final String SW_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[40]);
    private static final String ALPHABET = "v01a,=; .:-+/tsh1_whpkVA\u0661\uFF11\u00e9\t";

    @Test
    void randomHeadersAreRejectedWithAReasonCodeAndNeverThrowAnythingElse() {
        long seed = Long.getLong("payhooks.seed", 0xbad_5eedL);
        Random random = new Random(seed);
        List<HmacWebhooks> schemes = List.of(HmacPresets.standardWebhooks(), HmacPresets.github(), HmacPresets.shopify(),
                HmacPresets.slack(), HmacPresets.paddle());
        for (int i = 0; i < ROUNDS; i++) {
            HmacWebhooks scheme = schemes.get(random.nextInt(schemes.size()));
            String secret = scheme.scheme().keyDecoding() == KeyDecoding.WHSEC_BASE64 ? SW_SECRET : "secret";
            SignatureVerifier verifier = scheme.source(SecretResolver.of(secret)).verifier();
            WebhookRequest.Builder request = WebhookRequest.builder().body(randomText(random, 50).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // Start from a well-formed signed request half of the time, then damage one header.
            Map<String, String> headers = scheme.signer(secret).headers(new byte[] {'x'}, NOW, "msg_" + i);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                String value = random.nextInt(3) == 0 ? mutate(random, header.getValue()) : header.getValue();
                if (random.nextInt(10) != 0) {
                    request.header(header.getKey(), value);
                }
            }
            if (random.nextInt(4) == 0) {
                request.header(scheme.scheme().signatureHeaders().get(0), randomText(random, 1 + random.nextInt(200)));
            }
            WebhookRequest built = request.build();
            try {
                verifier.verify(built, NOW);
                // The body is random and never "x": a success would be a forgery.
                if (!java.util.Arrays.equals(built.body(), new byte[] {'x'})) {
                    fail("seed %d round %d: %s verified a request it did not sign: %s", seed, i, scheme.provider(), built);
                }
            } catch (WebhookVerificationException expected) {
                assertThat(expected.reason()).as("seed %d round %d", seed, i).isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + i + ": " + scheme.provider() + " threw " + e, e);
            }
        }
    }

    private static String mutate(Random random, String value) {
        StringBuilder text = new StringBuilder(value);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0:
                    text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    break;
                case 1:
                    if (text.length() > 0) {
                        text.deleteCharAt(at);
                    }
                    break;
                default:
                    if (text.length() > 0) {
                        text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
            }
        }
        return text.toString();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
