package dev.payhooks.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import java.io.IOException;
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
 * {@code envelopeScanStrict} does the same with duplicate-key detection on, as payhooks' factory
 * has it; the difference is what that detection costs on skipped content.
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

        SelfCheck.require(MessageDigest.isEqual(hmacFloor(), expected), "the HMAC floor computes the signed MAC");
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
