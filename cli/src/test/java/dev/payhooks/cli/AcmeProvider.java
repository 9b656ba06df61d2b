package dev.payhooks.cli;

import dev.payhooks.RejectionReason;
import dev.payhooks.SecretResolver;
import dev.payhooks.Tolerance;
import dev.payhooks.WebhookVerificationException;
import dev.payhooks.spi.ActiveKeys;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.spi.SigningKeys;
import dev.payhooks.spi.WebhookProvider;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.spi.signature.SignatureHeaders;
import dev.payhooks.spi.signature.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provider the library does not ship, written against core's SPI alone, as a third-party jar
 * would be: {@code Acme-Signature: t=<unix seconds>,s=<hex HMAC-SHA256 of "<t>.<body>">}, events
 * {@code {"id", "kind", ...}}. Registered only in this module's test resources
 * ({@code META-INF/services/dev.payhooks.spi.WebhookProvider}), so that the command is shown to find
 * it by name without knowing it.
 */
public final class AcmeProvider implements WebhookProvider {

    static final String HEADER = "Acme-Signature";

    /** For {@link java.util.ServiceLoader}. */
    public AcmeProvider() {
    }

    private static HmacKey key(String secret) {
        if (!secret.startsWith("acme_")) {
            throw new IllegalArgumentException("an Acme secret starts with acme_");
        }
        return HmacKey.of(HmacAlgorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "acme";
    }

    @Override
    public Tolerance defaultTolerance() {
        return Tolerance.of(Duration.ofMinutes(5));
    }

    @Override
    public WebhookSource source(SecretResolver secrets, Tolerance tolerance) {
        SigningKeys<HmacKey> keys = SigningKeys.of(name(), secrets, AcmeProvider::key);
        return new WebhookSource(name(), (request, now) -> {
            String header = SignatureHeaders.single(request, HEADER, RejectionReason.MISSING_SIGNATURE_HEADER,
                    RejectionReason.MALFORMED_SIGNATURE_HEADER);
            String[] parts = header.split(",", -1);
            if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("s=")) {
                throw new WebhookVerificationException(RejectionReason.MALFORMED_SIGNATURE_HEADER, "expected t=...,s=...");
            }
            long timestamp = Timestamps.parseUnixSeconds(parts[0].substring(2));
            List<byte[]> candidates = new ArrayList<>();
            SignatureEncoding.HEX.decode(parts[1].substring(2)).ifPresent(candidates::add);
            ActiveKeys<HmacKey> active = keys.activeAt(request, now);
            byte[] prefix = (parts[0].substring(2) + ".").getBytes(StandardCharsets.US_ASCII);
            if (HmacKey.indexOfMatchingKey(active.keys(), prefix, request, candidates) < 0) {
                throw new WebhookVerificationException(RejectionReason.NO_MATCHING_SIGNATURE, "no Acme signature matches");
            }
            tolerance.check(timestamp, now);
            return active.verified();
        }, JsonEventDecoder.builder(name()).type("/kind").data("").build());
    }

    @Override
    public WebhookSigner signer(List<String> secrets) {
        HmacKey key = key(secrets.get(0));
        return (body, signedAt, messageId) -> {
            String t = Long.toString(signedAt.getEpochSecond());
            byte[] mac = key.mac((t + ".").getBytes(StandardCharsets.US_ASCII), body);
            return Map.of(HEADER, "t=" + t + ",s=" + SignatureEncoding.HEX.encode(mac));
        };
    }

    @Override
    public List<String> deliveryHeaders() {
        return List.of(HEADER);
    }

    @Override
    public String sampleEventType() {
        return "anvil.delivered";
    }

    @Override
    public byte[] sampleEvent(String type, String id, Instant created, boolean livemode) {
        return ("{\"id\":\"" + id + "\",\"kind\":\"" + type + "\",\"weight_kg\":50}").getBytes(StandardCharsets.UTF_8);
    }
}
