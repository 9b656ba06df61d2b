package dev.payhooks.benchmarks;

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

        SelfCheck.require(MessageDigest.isEqual(hmacFloor(), expected), "the HMAC floor computes the signed MAC");
        SelfCheck.accepts("the verify+parse floor", this::verifyParseFloor);
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
}
