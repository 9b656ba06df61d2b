package dev.payhooks.stripe;

import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.stripe.internal.StripeSigner;
import com.stripe.net.Webhook;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against Stripe's own Java SDK ({@code com.stripe.net.Webhook.Signature.verifyHeader},
 * stripe-java, version pinned in the module POM): on seeded generated cases both must give the same
 * verdict, except where payhooks is deliberately different. Those differences are listed in the README
 * ("Differences from stripe-java") and each is allowed only for the mutation that causes it:
 *
 * <ol>
 *   <li>{@code future}: a timestamp more than the tolerance ahead of the clock. stripe-java checks only
 *       the past; we reject ({@link RejectionReason#TIMESTAMP_IN_FUTURE}).</li>
 *   <li>{@code non-canonical timestamp}: {@code t=} with a leading zero, a {@code +} sign or non-ASCII
 *       digits. stripe-java parses it with {@link Long#parseLong} and signs the re-formatted number;
 *       we reject ({@link RejectionReason#MALFORMED_TIMESTAMP}).</li>
 *   <li>{@code strict grammar}: a second {@code t=} entry (stripe-java uses the first), an entry
 *       without {@code =}, an empty entry, a leading or trailing comma. stripe-java skips them; we
 *       reject ({@link RejectionReason#MALFORMED_SIGNATURE_HEADER}).</li>
 *   <li>{@code size caps}: more than 16 entries or more than 4096 characters
 *       ({@link RejectionReason#SIGNATURE_HEADER_TOO_LARGE}).</li>
 * </ol>
 *
 * <p>There is no case where we accept and stripe-java rejects. Upper-case hex signatures (we compare
 * decoded bytes) are generated too and are accepted by both.
 *
 * <p>Run with another seed: {@code mvn -pl stripe verify -Dpayhooks.seed=123}.
 */
class StripeJavaDifferentialTest {

    private static final long SEED = Long.getLong("payhooks.seed", 0x57121BE5L);
    private static final int CASES = 12_000;
    private static final long TOLERANCE = 300;
    /** A pool of endpoint secrets: building a verifier (and its MAC instances) per case would dominate the run time. */
    private static final int SECRETS = 64;
    private static final Map<String, SignatureVerifier> VERIFIERS = new java.util.HashMap<>();

    enum Mutation {
        VALID, TAMPERED_BODY, WRONG_SECRET, SHIFTED_TIMESTAMP, EXTRA_V1_BEFORE, EXTRA_V1_AFTER, V0_ENTRY, V0_ONLY,
        UNKNOWN_ENTRY, SPACE_BEFORE_SCHEME, ROTATION, TRUNCATED_SIGNATURE, EMPTY_SIGNATURE, NEGATIVE_T, ZERO_T,
        GARBAGE, EMPTY_HEADER, NO_TIMESTAMP,
        UPPERCASE_HEX,
        // the deliberate differences
        DUPLICATE_T_SAME, DUPLICATE_T_OTHER, ENTRY_WITHOUT_EQUALS, EMPTY_ENTRY, TRAILING_COMMA, LEADING_COMMA,
        LEADING_ZERO_T, PLUS_T, NON_ASCII_T, MANY_ENTRIES, LONG_HEADER
    }

    record Case(Mutation mutation, String body, String header, String secret, long now, long signedT) {
    }

    @Test
    void agreesWithStripeJavaExceptListedDifferences() {
        Random random = new Random(SEED);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < SECRETS; i++) {
            secrets.add("whsec_" + token(random, 32));
        }
        Map<Mutation, Integer> perMutation = new EnumMap<>(Mutation.class);
        Map<String, Integer> differences = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();
        int bothAccept = 0;
        int bothReject = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(random, secrets);
            perMutation.merge(c.mutation(), 1, Integer::sum);
            RejectionReason ours = ours(c);
            boolean oursAccepts = ours == null;
            boolean theirsAccepts = theirs(c);
            if (oursAccepts == theirsAccepts) {
                if (oursAccepts) {
                    bothAccept++;
                } else {
                    bothReject++;
                }
                continue;
            }
            String explanation = explain(c, ours, theirsAccepts);
            if (explanation == null) {
                unexplained.add("case " + i + " " + c.mutation() + ": ours=" + (oursAccepts ? "accept" : ours)
                        + " stripe-java=" + (theirsAccepts ? "accept" : "reject") + " header=" + c.header()
                        + " t-now=" + (c.signedT() - c.now()));
            } else {
                differences.merge(explanation, 1, Integer::sum);
            }
        }
        String summary = "seed=" + SEED + " cases=" + CASES + " bothAccept=" + bothAccept + " bothReject=" + bothReject
                + " listedDifferences=" + differences + " perMutation=" + perMutation;
        System.out.println("[stripe differential] " + summary);
        assertThat(unexplained).as(summary).isEmpty();
        // Not vacuous: many cases verify on both sides, and every listed difference was exercised.
        assertThat(bothAccept).as(summary).isGreaterThan(CASES / 10);
        assertThat(differences.keySet()).as(summary)
                .containsExactlyInAnyOrder("future", "non-canonical timestamp", "strict grammar", "size caps");
    }

    /** Why a disagreement is one of the listed ones, or {@code null} when it is not. */
    private static String explain(Case c, RejectionReason ours, boolean theirsAccepts) {
        if (!theirsAccepts) {
            return null; // we never accept what stripe-java rejects
        }
        switch (ours) {
            case TIMESTAMP_IN_FUTURE:
                return c.signedT() - c.now() > TOLERANCE ? "future" : null;
            case MALFORMED_TIMESTAMP:
                return switch (c.mutation()) {
                    case LEADING_ZERO_T, PLUS_T, NON_ASCII_T -> "non-canonical timestamp";
                    default -> null;
                };
            case MALFORMED_SIGNATURE_HEADER:
                return switch (c.mutation()) {
                    case DUPLICATE_T_SAME, DUPLICATE_T_OTHER, ENTRY_WITHOUT_EQUALS, EMPTY_ENTRY, TRAILING_COMMA, LEADING_COMMA ->
                            "strict grammar";
                    default -> null;
                };
            case SIGNATURE_HEADER_TOO_LARGE:
                return c.mutation() == Mutation.MANY_ENTRIES || c.mutation() == Mutation.LONG_HEADER ? "size caps" : null;
            default:
                return null;
        }
    }

    /** Our verdict: {@code null} when verified, else the reason. Any other exception fails the test. */
    private static RejectionReason ours(Case c) {
        SignatureVerifier verifier = VERIFIERS.computeIfAbsent(c.secret(), secret -> StripeWebhooks.source(secret).verifier());
        try {
            verifier.verify(Fixtures.request(c.body().getBytes(StandardCharsets.UTF_8), c.header()), Instant.ofEpochSecond(c.now()));
            return null;
        } catch (WebhookVerificationException e) {
            return e.reason();
        }
    }

    /** stripe-java's verdict: any exception (SignatureVerificationException or a parsing accident) rejects. */
    private static boolean theirs(Case c) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(c.now()), ZoneOffset.UTC);
        try {
            return Webhook.Signature.verifyHeader(c.body(), c.header(), c.secret(), TOLERANCE, clock);
        } catch (Exception e) {
            return false;
        }
    }

    private static Case generate(Random random, List<String> secrets) {
        Mutation[] all = Mutation.values();
        // Half the cases are valid or near-valid so the timestamp window is exercised hard.
        Mutation mutation = random.nextInt(4) == 0 ? Mutation.VALID : all[random.nextInt(all.length)];
        String secret = secrets.get(random.nextInt(secrets.size()));
        String body = body(random);
        long now = 1_600_000_000L + random.nextInt(200_000_000);
        long t = now + offset(random);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String sig = StripeSigner.signature(secret, t, bytes);
        String ts = "t=" + t;
        String header;
        switch (mutation) {
            case VALID -> header = ts + ",v1=" + sig;
            case TAMPERED_BODY -> {
                String tampered = body + (random.nextBoolean() ? " " : "\n");
                return new Case(mutation, tampered, ts + ",v1=" + sig, secret, now, t);
            }
            case WRONG_SECRET -> header = ts + ",v1=" + StripeSigner.signature("whsec_" + token(random, 32), t, bytes);
            case SHIFTED_TIMESTAMP -> header = "t=" + (t + 1 + random.nextInt(100)) + ",v1=" + sig;
            case EXTRA_V1_BEFORE -> header = ts + ",v1=" + hex(random, 32) + ",v1=" + sig;
            case EXTRA_V1_AFTER -> header = ts + ",v1=" + sig + ",v1=" + (random.nextBoolean() ? "potato" : hex(random, 32));
            case V0_ENTRY -> header = ts + ",v1=" + sig + ",v0=" + hex(random, 32);
            case V0_ONLY -> header = ts + ",v0=" + sig;
            case UNKNOWN_ENTRY -> header = ts + ",v1=" + sig + ",x" + token(random, 3) + "=" + token(random, 8);
            case SPACE_BEFORE_SCHEME -> header = ts + ", v1=" + sig;
            case ROTATION -> header = random.nextBoolean()
                    ? ts + ",v1=" + StripeSigner.signature("whsec_old" + token(random, 8), t, bytes) + ",v1=" + sig
                    : ts + ",v1=" + sig + ",v1=" + StripeSigner.signature("whsec_old" + token(random, 8), t, bytes);
            case TRUNCATED_SIGNATURE -> header = ts + ",v1=" + sig.substring(0, 1 + random.nextInt(63));
            case EMPTY_SIGNATURE -> header = ts + ",v1=";
            case NEGATIVE_T -> header = "t=-" + t + ",v1=" + sig;
            case ZERO_T -> header = "t=0,v1=" + StripeSigner.signature(secret, 0, bytes);
            case GARBAGE -> header = garbage(random);
            case EMPTY_HEADER -> header = "";
            case NO_TIMESTAMP -> header = "v1=" + sig;
            case DUPLICATE_T_SAME -> header = ts + "," + ts + ",v1=" + sig;
            case DUPLICATE_T_OTHER -> header = ts + ",v1=" + sig + ",t=" + (t - 1 - random.nextInt(1000));
            case ENTRY_WITHOUT_EQUALS -> header = ts + ",v1=" + sig + "," + token(random, 1 + random.nextInt(6));
            case EMPTY_ENTRY -> header = ts + ",,v1=" + sig;
            case TRAILING_COMMA -> header = ts + ",v1=" + sig + ",";
            case LEADING_COMMA -> header = "," + ts + ",v1=" + sig;
            case LEADING_ZERO_T -> header = "t=" + "0".repeat(1 + random.nextInt(2)) + t + ",v1=" + sig;
            case PLUS_T -> header = "t=+" + t + ",v1=" + sig;
            case NON_ASCII_T -> header = "t=" + arabicIndic(t) + ",v1=" + sig;
            case MANY_ENTRIES -> header = ts + ",v1=" + sig + ",v0=00".repeat(15 + random.nextInt(10));
            case LONG_HEADER -> header = ts + ",v1=" + sig + ",x=" + "a".repeat(4100 + random.nextInt(100));
            case UPPERCASE_HEX -> header = ts + ",v1=" + sig.toUpperCase(Locale.ROOT);
            default -> throw new AssertionError(mutation);
        }
        return new Case(mutation, body, header, secret, now, mutation == Mutation.ZERO_T ? 0 : t);
    }

    /** Offsets around both edges of the window, inside it, and far outside in both directions. */
    private static long offset(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> -TOLERANCE;
            case 1 -> -TOLERANCE - 1;
            case 2 -> TOLERANCE;
            case 3 -> TOLERANCE + 1;
            case 4 -> random.nextInt(2_000_001) - 1_000_000;
            default -> random.nextInt(801) - 400;
        };
    }

    private static String body(Random random) {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return "";
        }
        String[] pieces = {"{", "}", "\"id\":", "\"evt_", "\"type\":\"refund.failed\"", ",", " ", "\n", "\r\n", "\t",
            "é", "ü", "中文", "\ud83d\ude00", "\\u00e9", "0", "1234", "null", "true", "Zoë", "\"", "\\\"", "ß"};
        StringBuilder body = new StringBuilder();
        int length = random.nextInt(kind == 1 ? 5 : 80);
        for (int i = 0; i < length; i++) {
            body.append(pieces[random.nextInt(pieces.length)]);
        }
        return body.toString();
    }

    private static String garbage(Random random) {
        String alphabet = "tv01=,;: ab\u00e9\u0660x\t-+.";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(120);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String token(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String hex(Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return java.util.HexFormat.of().formatHex(value);
    }

    private static String arabicIndic(long value) {
        StringBuilder text = new StringBuilder();
        for (char c : Long.toString(value).toCharArray()) {
            text.append((char) ('\u0660' + (c - '0')));
        }
        return text.toString();
    }
}
