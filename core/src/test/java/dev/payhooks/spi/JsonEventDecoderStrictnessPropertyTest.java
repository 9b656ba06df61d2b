package dev.payhooks.spi;

import dev.payhooks.JsonLimits;
import dev.payhooks.RejectionReason;
import dev.payhooks.WebhookDecodingException;
import dev.payhooks.WebhookRequest;
import dev.payhooks.internal.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope decoder's streaming pass detects duplicate member names itself (one reused name set
 * per depth) instead of Jackson's {@code STRICT_DUPLICATE_DETECTION}. These seeded property tests
 * hold its JSON verdict (accepted, or rejected with which reason) to the strict tree parser's on
 * many generated bodies: duplicates at every depth (also spelled with escapes), objects large
 * enough for the hashed path, names whose {@code String.hashCode} collide, deep nesting, long
 * strings and numbers, malformed JSON and invalid UTF-8.
 */
class JsonEventDecoderStrictnessPropertyTest {

    private static final JsonLimits LIMITS = new JsonLimits(12, 1 << 20, 40, 12, 64, 100_000);
    private static final Set<RejectionReason> JSON_REASONS = Set.of(RejectionReason.MALFORMED_JSON,
            RejectionReason.DUPLICATE_JSON_KEY, RejectionReason.JSON_LIMIT_EXCEEDED);
    /** Names with repeats: {@code a\u0062} is {@code ab}, {@code \u00e9} is {@code é}. */
    private static final String[] NAMES = {"id", "type", "data", "a", "b", "ab", "a\\u0062", "\\u00e9", "\u00e9", "Aa", "BB",
        "object", "x_1", "x_2"};

    private final JsonEventDecoder decoder = JsonEventDecoder.builder("test").id("/id").type("/type").created("/created")
            .data("/data/object").attribute("deep", "/data/object/a/b").limits(LIMITS).build();

    @Test
    void verdictMatchesTheStrictTreeParserOnGeneratedBodies() {
        Random random = new Random(2222);
        int rejectedAsDuplicate = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder json = new StringBuilder();
            object(json, random, 0, true);
            byte[] body = mutate(json.toString().getBytes(StandardCharsets.UTF_8), random);
            String expected = treeVerdict(body);
            String actual = decoderVerdict(body);
            rejectedAsDuplicate += expected.equals(RejectionReason.DUPLICATE_JSON_KEY.name()) ? 1 : 0;
            if (expected.equals(RejectionReason.DUPLICATE_JSON_KEY.name()) && !actual.equals("accepted")) {
                // Rejected either way (all three reasons answer 400). Jackson reads the value after a
                // name in the same step as the name: when that value is malformed or over a limit,
                // the strict parser reports the repeated name first, this pass the value.
                continue;
            }
            assertThat(actual).as("round %d: %s", round, new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        assertThat(rejectedAsDuplicate).as("the generator produces duplicates").isGreaterThan(2_000);
    }

    @Test
    void largeObjectsAndCollidingNamesAreCheckedExactly() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int members = 1 + random.nextInt(600);
            List<String> names = new ArrayList<>();
            boolean colliding = random.nextBoolean();
            for (int i = 0; i < members; i++) {
                names.add(colliding ? collidingName(i) : "k" + i);
            }
            boolean duplicate = random.nextBoolean();
            if (duplicate) {
                names.add(random.nextInt(names.size() + 1), names.get(random.nextInt(names.size())));
            }
            StringBuilder inner = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                inner.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":").append(i);
            }
            inner.append('}');
            // The same object skipped inside data, then again on the path the decoder reads.
            String json = "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"object\":{\"a\":" + inner + "},\"skipped\":[" + inner
                    + "]}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            assertThat(decoderVerdict(body)).isEqualTo(treeVerdict(body))
                    .isEqualTo(duplicate ? RejectionReason.DUPLICATE_JSON_KEY.name() : "accepted");
        }
    }

    @Test
    void aRejectedBodyLeavesNoNamesBehindForTheNextOne() {
        String duplicateDeep = "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"x\":{\"y\":{\"k\":1,\"k\":2}}}}";
        String sameNamesOnce = "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"x\":{\"y\":{\"k\":1}}}}";
        for (int i = 0; i < 3; i++) {
            assertThat(decoderVerdict(duplicateDeep.getBytes(StandardCharsets.UTF_8))).isEqualTo("DUPLICATE_JSON_KEY");
            assertThat(decoderVerdict(sameNamesOnce.getBytes(StandardCharsets.UTF_8))).isEqualTo("accepted");
        }
    }

    /** Distinct names of one length whose {@code String.hashCode()} are all equal ("Aa" and "BB" collide). */
    private static String collidingName(int i) {
        StringBuilder name = new StringBuilder();
        for (int bit = 0; bit < 10; bit++) {
            name.append((i >> bit & 1) == 0 ? "Aa" : "BB");
        }
        return name.toString();
    }

    private String decoderVerdict(byte[] body) {
        try {
            decoder.decode(WebhookRequest.builder().body(body).build(), Verification.verified());
            return "accepted";
        } catch (WebhookDecodingException e) {
            return JSON_REASONS.contains(e.reason()) ? e.reason().name() : "accepted";
        }
    }

    private static String treeVerdict(byte[] body) {
        try {
            return Json.forLimits(LIMITS).tree(body).isObject() ? "accepted" : RejectionReason.MALFORMED_JSON.name();
        } catch (WebhookDecodingException e) {
            return e.reason().name();
        }
    }

    private static void object(StringBuilder out, Random random, int depth, boolean top) {
        out.append('{');
        int members = top ? 2 + random.nextInt(4) : random.nextInt(depth > 8 ? 2 : 12);
        if (top) {
            out.append("\"id\":\"evt_1\",\"type\":\"t\",");
        }
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(NAMES[random.nextInt(NAMES.length)]).append("\":");
            value(out, random, depth + 1);
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Random random, int depth) {
        int kind = random.nextInt(depth > 13 ? 4 : 7);
        switch (kind) {
            case 0 -> out.append('"').append("s".repeat(random.nextInt(random.nextInt(10) == 0 ? 60 : 8))).append("\\n\"");
            case 1 -> out.append("9".repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 20 : 5)));
            case 2 -> out.append(random.nextBoolean() ? "true" : "null");
            case 3 -> out.append("-1.5e3");
            case 4, 5 -> object(out, random, depth, false);
            default -> {
                out.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    out.append(i == 0 ? "" : ",");
                    value(out, random, depth + 1);
                }
                out.append(']');
            }
        }
    }

    /** Most bodies stay intact; the rest are truncated, get a byte changed or inserted, or trailing content. */
    private static byte[] mutate(byte[] body, Random random) {
        int choice = random.nextInt(10);
        if (choice < 6 || body.length < 2) {
            return body;
        }
        int at = random.nextInt(body.length);
        byte[] bytes = {'{', '}', '[', ']', ',', ':', '"', '\\', 'x', (byte) 0xC0, (byte) 0xFF, (byte) 0xE2, (byte) 0x80, 0};
        return switch (choice) {
            case 6 -> java.util.Arrays.copyOf(body, at);
            case 7 -> {
                byte[] changed = body.clone();
                changed[at] = bytes[random.nextInt(bytes.length)];
                yield changed;
            }
            case 8 -> {
                byte[] longer = new byte[body.length + 1];
                System.arraycopy(body, 0, longer, 0, at);
                longer[at] = bytes[random.nextInt(bytes.length)];
                System.arraycopy(body, at, longer, at + 1, body.length - at);
                yield longer;
            }
            default -> (new String(body, StandardCharsets.ISO_8859_1) + (random.nextBoolean() ? " {}" : " x"))
                    .getBytes(StandardCharsets.ISO_8859_1);
        };
    }
}
