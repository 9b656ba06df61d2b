package dev.payhooks.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payhooks.internal.Utf8;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The floors every verifier is measured against, on the same Stripe bodies: an HMAC-SHA256 with a
 * {@code Mac} initialised once (no verifier can do less), Jackson's {@code readTree} of the bytes,
 * and both plus a constant-time comparison (what "verify and parse" costs done by hand).
 *
 * <p>Two more floors bound a streaming envelope decoder: {@code envelopeScan} walks every token of
 * the body with Jackson's streaming parser and keeps the envelope's id, type and created (Stripe
 * writes {@code type} after {@code data}, so no decoder can stop early), and
 * {@code envelopeScanStrict} does the same with Jackson's duplicate-key detection on (a name set
 * per object), as payhooks' envelope pass had it before it kept one reused set per depth; the
 * difference is what that detection costs on skipped content.
 *
 * <p>Next to the HMAC, the strict UTF-8 check the receiver runs on every verified body before
 * decoding: {@code utf8Check} on the Stripe body (ASCII but for its JSON), {@code utf8CheckThai}
 * on a body of the same size that is mostly three-byte characters (the check's slow path), and
 * {@code utf8JdkDecoder} and {@code utf8JdkDecoderThai}, the JDK's equally strict
 * {@code CharsetDecoder} into a reused buffer, as the reference.
 *
 * <p>Run settings are in {@link BenchmarkSettings}.
 */
@State(Scope.Benchmark)
public class FloorBenchmarks extends BenchmarkSettings {

    /** Body size in bytes. */
    @Param({"1024", "4096", "65536"})
    public int size;

    private Mac mac;
    private byte[] prefix;
    private byte[] body;
    private byte[] expected;
    private ObjectMapper mapper;
    private JsonFactory plainFactory;
    private JsonFactory strictFactory;
    private byte[] thai;
    private CharsetDecoder utf8Decoder;
    private CharBuffer decoded;

    /** Creates the state; JMH calls {@link #setUp()}. */
    public FloorBenchmarks() {
    }

    /**
     * Signs a Stripe body of {@link #size} bytes and proves that the floors compute the real MAC
     * and that the hand-made verify+parse rejects a tampered body.
     */
    @Setup(Level.Trial)
    public void setUp() {
        String secret = StripeBenchmarks.SECRET;
        long timestamp = Instant.now().getEpochSecond();
        body = Payloads.stripePaymentIntentSucceeded(size, Payloads.eventId(1), Instant.ofEpochSecond(timestamp));
        String header = Signing.stripeHeader(secret, timestamp, body);
        expected = HexFormat.of().parseHex(header.substring(header.indexOf("v1=") + 3));
        prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        mac = Signing.hmacSha256(secret.getBytes(StandardCharsets.UTF_8));
        mapper = new ObjectMapper();
        plainFactory = new JsonFactory();
        strictFactory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

        thai = thaiBody(size);
        utf8Decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        decoded = CharBuffer.allocate(size);

        SelfCheck.require(MessageDigest.isEqual(hmacFloor(), expected), "the HMAC floor computes the signed MAC");
        SelfCheck.require(utf8Check() == -1 && utf8CheckThai() == -1 && utf8JdkDecoder() == -1 && utf8JdkDecoderThai() == -1,
                "the UTF-8 checks accept the genuine bodies");
        byte[] overlong = body.clone();
        overlong[size / 2] = (byte) 0xC0;
        overlong[size / 2 + 1] = (byte) 0xAF;
        SelfCheck.require(Utf8.firstMalformed(overlong) == size / 2, "the UTF-8 check finds an overlong '/' mid-body");
        SelfCheck.accepts("the verify+parse floor", this::verifyParseFloor);
        SelfCheck.require(Payloads.eventId(1).equals(SelfCheck.accepts("the envelope scan", this::envelopeScan)),
                "the envelope scan finds the event id");
        SelfCheck.require(Payloads.eventId(1).equals(SelfCheck.accepts("the strict envelope scan", this::envelopeScanStrict)),
                "the strict envelope scan finds the event id");
        byte[] genuine = body;
        body = SelfCheck.tampered(genuine);
        SelfCheck.rejects("the verify+parse floor on a tampered body", IllegalStateException.class, this::verifyParseFloor);
        body = genuine;
    }

    /**
     * HMAC-SHA256 over {@code <t>.<body>} with a pre-initialised {@code Mac}: the floor.
     *
     * @return the MAC
     */
    @Benchmark
    public byte[] hmacFloor() {
        mac.update(prefix);
        mac.update(body);
        return mac.doFinal();
    }

    /**
     * payhooks' strict UTF-8 check of the Stripe body, as the receiver runs it after verification.
     *
     * @return -1 (the body is well-formed)
     */
    @Benchmark
    public int utf8Check() {
        return Utf8.firstMalformed(body);
    }

    /**
     * The same check on a body of the same size made mostly of three-byte (Thai) characters.
     *
     * @return -1 (the body is well-formed)
     */
    @Benchmark
    public int utf8CheckThai() {
        return Utf8.firstMalformed(thai);
    }

    /**
     * The reference: the JDK's strict UTF-8 decoder over the Stripe body into a reused buffer (it
     * needs an output buffer as large as the body, which the receiver's check does not).
     *
     * @return -1 when the body decoded, else the malformed position
     */
    @Benchmark
    public int utf8JdkDecoder() {
        return jdkDecode(body);
    }

    /**
     * The JDK's decoder over the Thai body.
     *
     * @return -1 when the body decoded, else the malformed position
     */
    @Benchmark
    public int utf8JdkDecoderThai() {
        return jdkDecode(thai);
    }

    private int jdkDecode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        decoded.clear();
        utf8Decoder.reset();
        CoderResult result = utf8Decoder.decode(in, decoded, true);
        return result.isError() ? in.position() : -1;
    }

    /** A JSON object of exactly {@code size} bytes whose strings are Thai text (three bytes a character). */
    private static byte[] thaiBody(int size) {
        String head = "{\"id\":\"evt_thai\",\"type\":\"thai.text\",\"data\":{\"note\":\"";
        String tail = "\"}}";
        int room = size - head.length() - tail.length();
        StringBuilder text = new StringBuilder(head);
        for (int k = 0; k < room / 3; k++) {
            text.append((char) (0x0E01 + k % 46));
        }
        text.append("x".repeat(room % 3)).append(tail);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        SelfCheck.require(bytes.length == size, "the Thai body has " + size + " bytes");
        return bytes;
    }

    /**
     * Jackson {@code readTree} of the bytes with a default {@code ObjectMapper}.
     *
     * @return the tree
     * @throws IOException never, for these bodies
     */
    @Benchmark
    public JsonNode jacksonReadTree() throws IOException {
        return mapper.readTree(body);
    }

    /**
     * The verify+parse floor: HMAC, constant-time comparison with the already decoded signature,
     * then {@code readTree}.
     *
     * @return the tree
     * @throws IOException never, for these bodies
     */
    @Benchmark
    public JsonNode verifyParseFloor() throws IOException {
        mac.update(prefix);
        mac.update(body);
        if (!MessageDigest.isEqual(mac.doFinal(), expected)) {
            throw new IllegalStateException("signature mismatch");
        }
        return mapper.readTree(body);
    }

    /**
     * A streaming walk over every token, keeping the top-level id, type and created: the least a
     * streaming envelope decoder does after the HMAC (no duplicate detection).
     *
     * @return the event id
     * @throws IOException never, for these bodies
     */
    @Benchmark
    public String envelopeScan() throws IOException {
        return scan(plainFactory);
    }

    /**
     * The same walk with {@code STRICT_DUPLICATE_DETECTION}, which keeps a set of member names for
     * every object of the body, skipped ones included.
     *
     * @return the event id
     * @throws IOException never, for these bodies
     */
    @Benchmark
    public String envelopeScanStrict() throws IOException {
        return scan(strictFactory);
    }

    private String scan(JsonFactory factory) throws IOException {
        String id = null;
        String type = null;
        long created = 0;
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else if ("id".equals(name)) {
                    id = parser.getText();
                } else if ("type".equals(name)) {
                    type = parser.getText();
                } else if ("created".equals(name)) {
                    created = parser.getLongValue();
                }
            }
        }
        if (type == null || created == 0) {
            throw new IllegalStateException("no type or created");
        }
        return id;
    }
}
