package dev.payhooks.hmac;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.TenantKey;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.hmac.internal.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.payhooks.hmac.Requests.assertRejected;
import static dev.payhooks.hmac.Requests.request;
import static dev.payhooks.hmac.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Standard Webhooks asymmetric ({@code v1a}) signatures with the JDK's Ed25519. */
class Ed25519SignaturesTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 section 7.1, TEST 2 (https://www.rfc-editor.org/rfc/rfc8032#section-7.1); the
    // signature was also recomputed with openssl pkeyutl -sign -rawin from the same seed.
    private static final byte[] SEED = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUBLIC = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final String WHPK = "whpk_" + Base64.getEncoder().encodeToString(PUBLIC);
    // RFC 8032 section 7.1, TEST 1 public key: a valid key that did not sign.
    private static final String OTHER_WHPK = "whpk_" + Base64.getEncoder().encodeToString(
            HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

    private static final byte[] BODY = utf8("{\"type\":\"payment.succeeded\",\"data\":{}}");

    /** RFC 8032 section 7.1 TESTs 1, 2 and 3: secret key, public key, message, signature. */
    @ParameterizedTest(name = "RFC 8032 7.1 test {0}")
    @CsvSource({
            "1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', "
                    + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            "2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, "
                    + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            "3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, "
                    + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"})
    void signsAndVerifiesTheRfc8032Vectors(int test, String secretHex, String publicHex, String messageHex, String signatureHex) {
        byte[] message = messageHex == null ? new byte[0] : HEX.parseHex(messageHex);
        byte[] signature = HEX.parseHex(signatureHex);
        assertThat(Ed25519.sign(Ed25519.privateKey(HEX.parseHex(secretHex)), new byte[0], message)).isEqualTo(signature);
        PublicKey key = Ed25519.publicKey(HEX.parseHex(publicHex)).orElseThrow();
        assertThat(Ed25519.verify(key, new byte[0], message, signature)).isTrue();
        // The prefix/body split is only a way of feeding bytes: any split of the message verifies.
        if (message.length > 1) {
            assertThat(Ed25519.verify(key, new byte[] {message[0]}, java.util.Arrays.copyOfRange(message, 1, message.length), signature))
                    .isTrue();
        }
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertThat(Ed25519.verify(key, new byte[0], message, flipped)).isFalse();
    }

    @Test
    void badKeyAndSignatureLengthsAreNonMatchesNotExceptions() {
        assertThat(Ed25519.publicKey(new byte[31])).isEmpty();
        assertThat(Ed25519.publicKey(new byte[33])).isEmpty();
        PublicKey key = Ed25519.publicKey(PUBLIC).orElseThrow();
        assertThat(Ed25519.verify(key, new byte[0], BODY, new byte[63])).isFalse();
        assertThat(Ed25519.verify(key, new byte[0], BODY, new byte[65])).isFalse();
        assertThat(Ed25519.verify(key, new byte[0], BODY, new byte[64])).isFalse();
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(Ed25519.verify(key, new byte[0], BODY, ones)).isFalse();
    }

    @Test
    void verifiesAV1aSignatureAgainstAWhpkPublicKey() {
        WebhookRequest request = HmacPresets.standardWebhooks().scheme().ed25519Signer(SEED).request(BODY, NOW, "msg_1");
        assertThat(request.header("webhook-signature").orElseThrow()).startsWith("v1a,");
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(WHPK)).verifier();
        assertThatCode(() -> verifier.verify(request, NOW)).doesNotThrowAnyException();

        SignatureVerifier otherKey = HmacPresets.standardWebhooks().source(SecretResolver.of(OTHER_WHPK)).verifier();
        assertRejected(otherKey, request, NOW, RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsAV1aEntryBesideV1EntriesAndMixedKeys() {
        String v1a = HmacPresets.standardWebhooks().scheme().ed25519Signer(SEED).headers(BODY, NOW, "msg_2").values().stream().reduce((first, last) -> last).orElseThrow();
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + v1a;
        String hmacSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(hmacSecret, WHPK)).verifier();
        assertThatCode(() -> verifier.verify(signed(header, "msg_2"), NOW)).doesNotThrowAnyException();
    }

    @Test
    void rejectsV1aEntriesOfTheWrongLengthAsNonMatches() {
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(SecretResolver.of(WHPK)).verifier();
        String shortSig = "v1a," + Base64.getEncoder().encodeToString(new byte[63]);
        String longSig = "v1a," + Base64.getEncoder().encodeToString(new byte[65]);
        assertRejected(verifier, signed(shortSig, "m"), NOW, RejectionReason.NO_MATCHING_SIGNATURE);
        assertRejected(verifier, signed(longSig, "m"), NOW, RejectionReason.NO_MATCHING_SIGNATURE);
        assertRejected(verifier, signed("v1a,%%%", "m"), NOW, RejectionReason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void rejectsPublicKeysOfTheWrongLengthAtBuildTime() {
        String short31 = "whpk_" + Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().source(short31))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31");
    }

    @Test
    void aTenantPublicKeyOfTheWrongLengthIsSkippedAndWithoutAnotherKeyTheTenantIsUnavailable() {
        String short31 = "whpk_" + Base64.getEncoder().encodeToString(new byte[31]);
        String hmacSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        Map<String, List<WebhookSecret>> tenants = new HashMap<>();
        tenants.put("bad-only", List.of(WebhookSecret.of(short31)));
        tenants.put("mixed", List.of(WebhookSecret.of(short31), WebhookSecret.of(hmacSecret)));
        SignatureVerifier verifier = HmacPresets.standardWebhooks().source(
                SecretResolver.perTenant(TenantKey.queryParameters("t"), t -> tenants.getOrDefault(t, List.of()))).verifier();
        String v1a = HmacPresets.standardWebhooks().scheme().ed25519Signer(SEED).headers(BODY, NOW, "m").values().stream().reduce((first, last) -> last).orElseThrow();

        WebhookRequest mixed = withTenant(v1a, "mixed");
        assertRejected(verifier, mixed, NOW, RejectionReason.NO_MATCHING_SIGNATURE);
        // A configuration fault, not a forgery: answered 503 so the provider retries once the key is fixed.
        WebhookRequest badOnly = withTenant(v1a, "bad-only");
        assertThatThrownBy(() -> verifier.verify(badOnly, NOW))
                .isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("tenant 'bad-only'").hasMessageContaining("31").hasMessageNotContaining(short31);
    }

    @Test
    void ed25519SignerNeedsASchemeWithV1a() {
        assertThatThrownBy(() -> HmacPresets.github().scheme().ed25519Signer(SEED)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HmacPresets.standardWebhooks().scheme().ed25519Signer(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static WebhookRequest signed(String header, String id) {
        return request(BODY, Map.of("webhook-id", id, "webhook-timestamp", Long.toString(NOW.getEpochSecond()),
                "webhook-signature", header));
    }

    private static WebhookRequest withTenant(String header, String tenant) {
        return WebhookRequest.builder().body(BODY).header("webhook-id", "m")
                .header("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
                .header("webhook-signature", header).queryParameter("t", tenant).build();
    }
}
