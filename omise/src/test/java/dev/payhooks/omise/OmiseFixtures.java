package dev.payhooks.omise;

import dev.payhooks.WebhookRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Realistic Omise event bodies and the signatures OpenSSL computed for them. Where every body and
 * vector comes from, with the exact command: src/test/resources/omise/SOURCES.md.
 */
final class OmiseFixtures {

    /** Test-only secret A ({@code openssl rand -base64 32}). */
    static final String SECRET_A = "bi20J58YiusYoEljBHcNBxeNt1Tkn655ZFWTBHz4raw=";
    /** Test-only secret B, the "new" secret in rotation tests. */
    static final String SECRET_B = "YLf5Qmc+wpBxW3+3LKmIZqr6imnSUNX+1ZKEDnVzkds=";
    /** The signing timestamp of every vector. */
    static final long TS = 1732270000L;
    static final Instant SIGNED_AT = Instant.ofEpochSecond(TS);

    // openssl dgst -sha256 -mac HMAC -macopt hexkey:<A> over "1732270000." + charge.complete.json (SOURCES.md)
    static final String CHARGE_COMPLETE_A = "d98a8a2adfcec0aa9820d53c281b72bab6cb255d044cabed3a44ad06409fe220";
    // same body and timestamp, secret B (openssl, SOURCES.md)
    static final String CHARGE_COMPLETE_B = "58eb8fd76a4a39f61e0ccf58c7b9e823ca5999706e84485eadb542329902ba8b";
    // same body, secret A, timestamp 1732270001 (openssl, SOURCES.md)
    static final String CHARGE_COMPLETE_A_TS_PLUS_1 = "3af0fd98a45175f049ec64462f99650fd741272d7a38c076dc2313371be41c3e";
    // the body-only variant some published Omise examples show: HMAC of the body alone, secret A (openssl, SOURCES.md)
    static final String CHARGE_COMPLETE_A_BODY_ONLY = "0cf2bd227e083cf5382404b1dc354bf6bacca79e8092d7a24a85e1801bab2c98";
    // secret A, timestamp 1732270000, each body below (openssl, SOURCES.md)
    static final String CHARGE_CREATE_A = "4222202778da2fc92ae1b3612f4bf1d68b6d4085dcefb0ce9a012b8330a735f4";
    static final String REFUND_CREATE_A = "ba07c6a53277aa83d474ca0f679f955b04d8b3ce8570f128d021f648850979a6";
    static final String TRANSFER_FAIL_A = "4d5b51519c1f72731c6b86083ae36a8562cb63e43b729d48393edd66a89fb056";
    static final String DISPUTE_CREATE_A = "0f64d469e08e6cb80adf7238c32bbac80994476bbeaca6e7925ca9249c2c399f";
    static final String UNKNOWN_KEY_A = "20d5fefafc4c432707a3cd552f655c30ae06af26f0c2a7f025dd2841a17ebc59";
    static final String TRANSFER_DESTROY_A = "0c699ba215fab1ef063bd862dc7434d135debe747a4d0c9c3e67bc23aeed76f3";

    private OmiseFixtures() {
    }

    /**
     * A body from src/test/resources/omise.
     *
     * @param name e.g. {@code charge.complete}
     * @return the exact bytes
     */
    static byte[] body(String name) {
        try (InputStream in = OmiseFixtures.class.getResourceAsStream("/omise/" + name + ".json")) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A request as Omise would send it.
     *
     * @param body the body
     * @param timestamp the timestamp header value
     * @param signature the signature header value
     * @return the request
     */
    static WebhookRequest request(byte[] body, String timestamp, String signature) {
        return WebhookRequest.builder().body(body)
                .header("Content-Type", "application/json")
                .header("Omise-Signature-Timestamp", timestamp)
                .header("Omise-Signature", signature)
                .build();
    }

    static WebhookRequest signedChargeComplete() {
        return request(body("charge.complete"), Long.toString(TS), CHARGE_COMPLETE_A);
    }
}
