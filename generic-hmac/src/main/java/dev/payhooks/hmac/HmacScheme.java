package dev.payhooks.hmac;

import dev.payhooks.spi.EventDecoder;
import dev.payhooks.spi.JsonEventDecoder;
import dev.payhooks.JsonLimits;
import dev.payhooks.SecretResolver;
import dev.payhooks.spi.SignatureVerifier;
import dev.payhooks.WebhookSecret;
import dev.payhooks.spi.WebhookSource;
import dev.payhooks.hmac.internal.Ed25519;
import dev.payhooks.hmac.internal.SignedContent;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.HmacKey;
import dev.payhooks.spi.signature.SignatureEncoding;
import dev.payhooks.Tolerance;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's HMAC signature scheme, described along the dimensions in which real providers
 * differ, plus where its event envelope keeps id, type, creation time and mode. Immutable and
 * thread-safe; turn it into a {@link WebhookSource} with {@link #source(String...)}.
 *
 * <pre>{@code
 * WebhookSource yoco = HmacScheme.yoco().source(System.getenv("YOCO_WEBHOOK_SECRET"));
 *
 * HmacScheme acme = HmacScheme.builder("acme")
 *         .signatureHeader("Acme-Signature").schemePrefix("sha256=")
 *         .timestampHeader("Acme-Timestamp")
 *         .signedContent("{timestamp}.{body}")
 *         .eventId("/event/id").eventType("/event/name").eventData("/event/payload")
 *         .build();
 * }</pre>
 *
 * <p>The presets follow each provider's public documentation:
 * {@link #standardWebhooks()}, {@link #yoco()}, {@link #github()}, {@link #shopify()},
 * {@link #slack()}, {@link #paddle()}. Change any of them with {@link #toBuilder()}.
 *
 * @since 0.1.0
 */
public final class HmacScheme {

    /** The prefix of a Standard Webhooks Ed25519 public key. */
    public static final String WHPK_PREFIX = "whpk_";
    /** The prefix of a Standard Webhooks Ed25519 private key (never accepted by a verifier). */
    public static final String WHSK_PREFIX = "whsk_";

    private final String provider;
    private final HmacAlgorithm algorithm;
    private final List<String> signatureHeaders;
    private final String entrySeparator;
    private final String schemePrefix;
    private final SignatureEncoding encoding;
    private final List<String> timestampHeaders;
    private final String timestampEntryPrefix;
    private final List<String> messageIdHeaders;
    private final SignedContent signedContent;
    private final KeyDecoding keyDecoding;
    private final int minKeyBytes;
    private final int maxKeyBytes;
    private final Tolerance tolerance;
    private final String ed25519Prefix;
    private final Builder events;

    private HmacScheme(Builder b) {
        this.provider = b.provider;
        this.algorithm = b.algorithm;
        this.signatureHeaders = List.copyOf(b.signatureHeaders);
        this.entrySeparator = b.entrySeparator;
        this.schemePrefix = b.schemePrefix;
        this.encoding = b.encoding;
        this.timestampHeaders = List.copyOf(b.timestampHeaders);
        this.timestampEntryPrefix = b.timestampEntryPrefix;
        this.messageIdHeaders = List.copyOf(b.messageIdHeaders);
        this.signedContent = b.signedContent;
        this.keyDecoding = b.keyDecoding;
        this.minKeyBytes = b.minKeyBytes;
        this.maxKeyBytes = b.maxKeyBytes;
        this.tolerance = b.tolerance;
        this.ed25519Prefix = b.ed25519Prefix;
        this.events = b.copy();
    }

    /**
     * A builder for a provider without a preset.
     *
     * @param provider the provider's short name ({@code "acme"}); scopes idempotency keys
     * @return a new builder with the defaults: HMAC-SHA256, hex, one signature entry without a
     *         prefix, signed content {@code {body}}, UTF-8 key, event id at {@code /id}, type at
     *         {@code /type}, data at {@code /data}
     */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /**
     * A builder holding this scheme's settings, to change a preset.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return events.copy();
    }

    // ---------------------------------------------------------------- presets

    /**
     * Standard Webhooks (standardwebhooks.com; Svix and the providers built on it). Headers
     * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (or their
     * {@code svix-} equivalents); signed content {@code <id>.<timestamp>.<body>}; HMAC-SHA256,
     * base64; a space-separated list of {@code v1,<sig>} entries, with {@code v1a,<sig>} Ed25519
     * entries verified against {@code whpk_} public keys; {@code whsec_} + base64 secrets of 24 to
     * 64 bytes; 5 minutes tolerance both ways (as the reference libraries). The event id and the
     * idempotency key are the {@code webhook-id} (the spec says to deduplicate by it); type at
     * {@code /type}, created at {@code /timestamp}, data at {@code /data}.
     *
     * @return the scheme
     */
    public static HmacScheme standardWebhooks() {
        return standardWebhooksBuilder("standard-webhooks").build();
    }

    /**
     * Yoco: Standard Webhooks signatures with the 3-minute tolerance Yoco recommends
     * (<a href="https://developer.yoco.com/online/api-reference/webhooks/verifying-events">Verifying the
     * events</a>), and Yoco's envelope {@code {id, type, createdDate, payload: {mode, metadata: {checkoutId}}}}.
     * The idempotency key is still the {@code webhook-id}. The checkout id is available to
     * filters as {@code event.at("/payload/metadata/checkoutId")} and as the attribute
     * {@code checkoutId}.
     *
     * @return the scheme
     */
    public static HmacScheme yoco() {
        return standardWebhooksBuilder("yoco")
                .tolerance(Tolerance.of(Duration.ofMinutes(3)))
                .eventId("/id").eventType("/type").eventCreated("/createdDate").eventMode("/payload/mode")
                .eventData("/payload")
                .eventAttribute("checkoutId", "/payload/metadata/checkoutId")
                .build();
    }

    /**
     * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, key = the secret
     * as UTF-8, no timestamp (so no tolerance). Event id from {@code X-GitHub-Delivery}, type from
     * {@code X-GitHub-Event}, data = whole body. Those two headers are <em>not signed</em>: the
     * idempotency key is therefore the SHA-256 of the body, so a captured body replayed under new
     * delivery ids or another event type is a duplicate; a replay after the store's retention
     * runs again, since nothing signed carries a time.
     *
     * @return the scheme
     */
    public static HmacScheme github() {
        return builder("github")
                .signatureHeader("X-Hub-Signature-256").schemePrefix("sha256=").encoding(SignatureEncoding.HEX)
                .messageIdHeader("X-GitHub-Delivery")
                .signedContent("{body}")
                .tolerance(Tolerance.disabledForSchemesWithoutTimestamps())
                .eventIdFromHeader("X-GitHub-Delivery").eventTypeFromHeader("X-GitHub-Event").eventData("")
                .build();
    }

    /**
     * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}, key = the app's
     * client secret as UTF-8, no timestamp. Event id from {@code X-Shopify-Webhook-Id}, type from
     * {@code X-Shopify-Topic}, data = whole body. Those headers are <em>not signed</em>, so the
     * idempotency key is the SHA-256 of the body (see {@link #github()}).
     *
     * @return the scheme
     */
    public static HmacScheme shopify() {
        return builder("shopify")
                .signatureHeader("X-Shopify-Hmac-Sha256").encoding(SignatureEncoding.BASE64)
                .messageIdHeader("X-Shopify-Webhook-Id")
                .signedContent("{body}")
                .tolerance(Tolerance.disabledForSchemesWithoutTimestamps())
                .eventIdFromHeader("X-Shopify-Webhook-Id").eventTypeFromHeader("X-Shopify-Topic").eventData("")
                .build();
    }

    /**
     * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>} with the
     * timestamp from {@code X-Slack-Request-Timestamp}; key = the signing secret as UTF-8;
     * 5 minutes tolerance (Slack's documented window). Events API envelope: id at
     * {@code /event_id}, type at {@code /event/type}, created at {@code /event_time}, data at
     * {@code /event}.
     *
     * @return the scheme
     */
    public static HmacScheme slack() {
        return builder("slack")
                .signatureHeader("X-Slack-Signature").schemePrefix("v0=").encoding(SignatureEncoding.HEX)
                .timestampHeader("X-Slack-Request-Timestamp")
                .signedContent("v0:{timestamp}:{body}")
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .eventId("/event_id").eventType("/event/type").eventCreated("/event_time").eventData("/event")
                .build();
    }

    /**
     * Paddle Billing: {@code Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>]} over
     * {@code <ts>:<body>}; key = the notification destination's secret as UTF-8; 5 minutes
     * tolerance both ways. Envelope: id at {@code /event_id}, type at {@code /event_type}, created
     * at {@code /occurred_at}, data at {@code /data}.
     *
     * @return the scheme
     */
    public static HmacScheme paddle() {
        return builder("paddle")
                .signatureHeader("Paddle-Signature").entrySeparator(";").schemePrefix("h1=")
                .encoding(SignatureEncoding.HEX)
                .timestampInSignatureHeader("ts=")
                .signedContent("{timestamp}:{body}")
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .eventId("/event_id").eventType("/event_type").eventCreated("/occurred_at").eventData("/data")
                .build();
    }

    private static Builder standardWebhooksBuilder(String provider) {
        return builder(provider)
                .algorithm(HmacAlgorithm.SHA256)
                .signatureHeader("webhook-signature", "svix-signature")
                .entrySeparator(" ").schemePrefix("v1,").encoding(SignatureEncoding.BASE64)
                .ed25519SchemePrefix("v1a,")
                .timestampHeader("webhook-timestamp", "svix-timestamp")
                .messageIdHeader("webhook-id", "svix-id")
                .signedContent("{id}.{timestamp}.{body}")
                .keyDecoding(KeyDecoding.WHSEC_BASE64).keyLength(24, 64)
                .tolerance(Tolerance.of(Duration.ofMinutes(5)))
                .eventIdFromHeader("webhook-id").eventType("/type").eventCreated("/timestamp").eventData("/data");
    }

    // ---------------------------------------------------------------- products

    /**
     * A source verifying with a fixed set of secrets (give several during a rotation).
     *
     * @param secrets the secrets as the provider shows them; for Standard Webhooks schemes also
     *        {@code whpk_} Ed25519 public keys
     * @return the source
     * @throws IllegalArgumentException when a secret is unusable for this scheme
     */
    public WebhookSource source(String... secrets) {
        return source(SecretResolver.of(secrets));
    }

    /**
     * A source verifying with the secrets a resolver finds (rotating or per tenant). Fixed secrets
     * are validated now; per-request secrets that turn out unusable simply match nothing.
     *
     * @param secrets the resolver
     * @return the source
     * @throws IllegalArgumentException when a fixed secret is unusable for this scheme
     */
    public WebhookSource source(SecretResolver secrets) {
        return new WebhookSource(provider, verifier(secrets), decoder());
    }

    /**
     * The verifier alone.
     *
     * @param secrets the resolver
     * @return a thread-safe verifier
     * @throws IllegalArgumentException when a fixed secret is unusable for this scheme
     */
    public SignatureVerifier verifier(SecretResolver secrets) {
        return new HmacVerifier(this, Objects.requireNonNull(secrets, "secrets"));
    }

    /**
     * The event decoder alone: {@link JsonEventDecoder}s configured from this scheme, one per
     * accepted spelling of the message-id header.
     *
     * @return a thread-safe decoder
     */
    public EventDecoder decoder() {
        int variants = Math.max(1, messageIdHeaders.size());
        JsonEventDecoder[] decoders = new JsonEventDecoder[variants];
        for (int k = 0; k < variants; k++) {
            decoders[k] = events.jsonDecoder(k);
        }
        return new SchemeDecoder(provider, messageIdHeaders, decoders);
    }

    /**
     * A signer for tests and tools: signs bodies with HMAC secrets as this scheme's provider would.
     *
     * @param secrets one secret, or several for a header with several entries (a rotation)
     * @return the signer
     * @throws IllegalArgumentException when a secret is unusable, or several are given for a
     *         scheme whose header holds one entry
     */
    public WebhookSigner signer(String... secrets) {
        return WebhookSigner.hmac(this, Arrays.asList(secrets));
    }

    /**
     * A signer producing Ed25519 ({@code v1a}) signatures, for schemes that accept them.
     *
     * @param privateKeySeed the raw 32-byte Ed25519 private key (RFC 8032 section 5.1.5)
     * @return the signer
     * @throws IllegalStateException when this scheme has no Ed25519 entries
     * @throws IllegalArgumentException when the seed does not have 32 bytes
     */
    public WebhookSigner ed25519Signer(byte[] privateKeySeed) {
        if (ed25519Prefix == null) {
            throw new IllegalStateException("the " + provider + " scheme has no Ed25519 signatures; set ed25519SchemePrefix first");
        }
        return WebhookSigner.ed25519(this, Ed25519.privateKey(privateKeySeed));
    }

    // ---------------------------------------------------------------- key decoding

    /** A decoded verification key: HMAC or Ed25519. */
    sealed interface Key permits HmacSecret, Ed25519PublicKey {
    }

    /** An HMAC key. */
    record HmacSecret(HmacKey key) implements Key {
    }

    /** An Ed25519 public key. */
    record Ed25519PublicKey(PublicKey key) implements Key {
    }

    /**
     * Decodes one secret into a key for this scheme.
     *
     * @throws IllegalArgumentException when unusable; the message never contains the secret
     */
    Key decodeKey(String secret) {
        if (secret.startsWith(WHSK_PREFIX)) {
            throw new IllegalArgumentException("a whsk_ value is an Ed25519 private key; a receiver needs the matching"
                    + " whpk_ public key (never configure the private key on the receiving side)");
        }
        if (ed25519Prefix != null && secret.startsWith(WHPK_PREFIX)) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(secret.substring(WHPK_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the whpk_ public key is not valid base64; copy it exactly as shown");
            }
            if (raw.length != Ed25519.KEY_LENGTH) {
                throw new IllegalArgumentException("a whpk_ public key decodes to " + Ed25519.KEY_LENGTH + " bytes, this one to "
                        + raw.length + "; copy it exactly as shown");
            }
            return new Ed25519PublicKey(Ed25519.publicKey(raw).orElseThrow(() -> new IllegalArgumentException(
                    "the whpk_ public key is not a valid Ed25519 key; copy it exactly as shown")));
        }
        byte[] bytes = keyDecoding.decode(secret);
        if (bytes.length < minKeyBytes || bytes.length > maxKeyBytes) {
            throw new IllegalArgumentException("the " + provider + " secret decodes to " + bytes.length + " bytes; this scheme"
                    + " accepts " + minKeyBytes + " to " + maxKeyBytes + " bytes (is it the complete secret, with its prefix?)");
        }
        return new HmacSecret(HmacKey.of(algorithm, bytes));
    }

    /** Decodes the fixed secrets at build time, so a bad one fails now rather than at every delivery. */
    Map<WebhookSecret, Key> decodeFixed(List<WebhookSecret> secrets) {
        Map<WebhookSecret, Key> keys = new LinkedHashMap<>();
        for (int i = 0; i < secrets.size(); i++) {
            try {
                keys.put(secrets.get(i), decodeKey(secrets.get(i).value()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret #" + (i + 1) + " of " + secrets.size() + " is not usable: "
                        + e.getMessage(), e);
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------- accessors

    /**
     * The provider's short name.
     *
     * @return e.g. {@code "yoco"}
     */
    public String provider() {
        return provider;
    }

    /**
     * The HMAC algorithm.
     *
     * @return the algorithm
     */
    public HmacAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The signature header names: the first is the one signers write; any of them is read.
     *
     * @return one or more names
     */
    public List<String> signatureHeaders() {
        return signatureHeaders;
    }

    /**
     * The separator between entries of the signature header.
     *
     * @return the separator, or empty when the header holds a single entry
     */
    public Optional<String> entrySeparator() {
        return Optional.ofNullable(entrySeparator);
    }

    /**
     * The prefix of the accepted HMAC entries ({@code v1,}, {@code sha256=}); entries with other
     * prefixes are ignored, never downgraded to.
     *
     * @return the prefix; empty when every entry is a signature
     */
    public String schemePrefix() {
        return schemePrefix;
    }

    /**
     * How MACs are written.
     *
     * @return hex or base64
     */
    public SignatureEncoding encoding() {
        return encoding;
    }

    /**
     * The timestamp header names.
     *
     * @return the names, empty when the timestamp is not in its own header
     */
    public List<String> timestampHeaders() {
        return timestampHeaders;
    }

    /**
     * The prefix of the timestamp entry inside the signature header ({@code ts=} for Paddle).
     *
     * @return the prefix, or empty
     */
    public Optional<String> timestampEntryPrefix() {
        return Optional.ofNullable(timestampEntryPrefix);
    }

    /**
     * The message-id header names.
     *
     * @return the names, empty when the scheme has no message id
     */
    public List<String> messageIdHeaders() {
        return messageIdHeaders;
    }

    /**
     * The signed-content template.
     *
     * @return e.g. {@code {id}.{timestamp}.{body}}
     */
    public String signedContent() {
        return signedContent.template();
    }

    SignedContent signedContentTemplate() {
        return signedContent;
    }

    /**
     * How secrets become keys.
     *
     * @return the key decoding
     */
    public KeyDecoding keyDecoding() {
        return keyDecoding;
    }

    /**
     * The timestamp tolerance.
     *
     * @return the tolerance; disabled for schemes without timestamps
     */
    public Tolerance tolerance() {
        return tolerance;
    }

    /**
     * The prefix of Ed25519 entries ({@code v1a,}).
     *
     * @return the prefix, or empty when the scheme has none
     */
    public Optional<String> ed25519SchemePrefix() {
        return Optional.ofNullable(ed25519Prefix);
    }

    boolean hasTimestamp() {
        return !timestampHeaders.isEmpty() || timestampEntryPrefix != null;
    }

    String ed25519Prefix() {
        return ed25519Prefix;
    }

    String separator() {
        return entrySeparator;
    }

    String timestampPrefix() {
        return timestampEntryPrefix;
    }

    @Override
    public String toString() {
        return "HmacScheme[" + provider + ", " + algorithm + ", header=" + signatureHeaders.get(0) + ", signed=" + signedContent
                + ", " + encoding + ", " + tolerance + "]";
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builds an {@link HmacScheme}. Every setter validates at once; {@link #build()} checks that the
     * settings fit together. Not thread-safe; the product is.
      *
      * @since 0.1.0
     */
    public static final class Builder {
        private String provider;
        private HmacAlgorithm algorithm = HmacAlgorithm.SHA256;
        private List<String> signatureHeaders = List.of();
        private String entrySeparator;
        private String schemePrefix = "";
        private SignatureEncoding encoding = SignatureEncoding.HEX;
        private List<String> timestampHeaders = List.of();
        private String timestampEntryPrefix;
        private List<String> messageIdHeaders = List.of();
        private SignedContent signedContent = SignedContent.parse("{body}");
        private KeyDecoding keyDecoding = KeyDecoding.UTF8;
        private int minKeyBytes = 1;
        private int maxKeyBytes = 1024;
        private Tolerance tolerance;
        private String ed25519Prefix;
        private String idPointer = "/id";
        private String idHeader;
        private String typePointer = "/type";
        private String typeHeader;
        private String createdPointer;
        private String modePointer;
        private String dataPointer = "/data";
        private Map<String, String> attributes = new LinkedHashMap<>();
        private boolean idempotencyFromMessageId = true;
        private JsonLimits limits = JsonLimits.defaults();

        private Builder(String provider) {
            provider(provider);
        }

        private Builder copy() {
            Builder b = new Builder(provider);
            b.algorithm = algorithm;
            b.signatureHeaders = signatureHeaders;
            b.entrySeparator = entrySeparator;
            b.schemePrefix = schemePrefix;
            b.encoding = encoding;
            b.timestampHeaders = timestampHeaders;
            b.timestampEntryPrefix = timestampEntryPrefix;
            b.messageIdHeaders = messageIdHeaders;
            b.signedContent = signedContent;
            b.keyDecoding = keyDecoding;
            b.minKeyBytes = minKeyBytes;
            b.maxKeyBytes = maxKeyBytes;
            b.tolerance = tolerance;
            b.ed25519Prefix = ed25519Prefix;
            b.idPointer = idPointer;
            b.idHeader = idHeader;
            b.typePointer = typePointer;
            b.typeHeader = typeHeader;
            b.createdPointer = createdPointer;
            b.modePointer = modePointer;
            b.dataPointer = dataPointer;
            b.attributes = new LinkedHashMap<>(attributes);
            b.idempotencyFromMessageId = idempotencyFromMessageId;
            b.limits = limits;
            return b;
        }

        /**
         * The provider's short name, stored in every event and scoping idempotency keys.
         *
         * @param provider e.g. {@code "acme"}
         * @return this builder
         */
        public Builder provider(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider must name the provider, e.g. \"acme\"");
            }
            this.provider = provider;
            return this;
        }

        /**
         * The HMAC algorithm (default SHA-256).
         *
         * @param algorithm SHA-256, SHA-1 or SHA-512
         * @return this builder
         */
        public Builder algorithm(HmacAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * The signature header, with alternative spellings read when it is absent (Svix's
         * {@code svix-signature} for {@code webhook-signature}). Signers write the first.
         *
         * @param name the header name
         * @param alternates other accepted names
         * @return this builder
         */
        public Builder signatureHeader(String name, String... alternates) {
            this.signatureHeaders = headerNames(name, alternates, "signature");
            return this;
        }

        /**
         * The separator between entries of the signature header: {@code " "} for Standard
         * Webhooks, {@code ";"} for Paddle, {@code ","} for Omise. By default the header holds a
         * single entry.
         *
         * @param separator a non-empty separator
         * @return this builder
         */
        public Builder entrySeparator(String separator) {
            Objects.requireNonNull(separator, "separator");
            if (separator.isEmpty()) {
                throw new IllegalArgumentException("the entry separator must not be empty; call singleEntry() for a header"
                        + " holding one signature");
            }
            this.entrySeparator = separator;
            return this;
        }

        /**
         * The signature header holds exactly one entry (the default).
         *
         * @return this builder
         */
        public Builder singleEntry() {
            this.entrySeparator = null;
            return this;
        }

        /**
         * The prefix of accepted entries, including its delimiter: {@code "v1,"},
         * {@code "sha256="}, {@code "v0="}, {@code "h1="}. Entries with another prefix are ignored
         * (no downgrade to another scheme). Empty (the default) means every entry is a signature.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public Builder schemePrefix(String prefix) {
            this.schemePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * How MACs are written (default hex).
         *
         * @param encoding hex or base64
         * @return this builder
         */
        public Builder encoding(SignatureEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * The timestamp comes from a header (Unix seconds), with alternative spellings.
         *
         * @param name the header name
         * @param alternates other accepted names
         * @return this builder
         */
        public Builder timestampHeader(String name, String... alternates) {
            this.timestampHeaders = headerNames(name, alternates, "timestamp");
            this.timestampEntryPrefix = null;
            return this;
        }

        /**
         * The timestamp is an entry of the signature header ({@code "ts="} for Paddle,
         * {@code "t="} for Stripe's layout).
         *
         * @param entryPrefix the entry's prefix including its delimiter
         * @return this builder
         */
        public Builder timestampInSignatureHeader(String entryPrefix) {
            Objects.requireNonNull(entryPrefix, "entryPrefix");
            if (entryPrefix.isEmpty()) {
                throw new IllegalArgumentException("the timestamp entry prefix must not be empty, e.g. \"ts=\"");
            }
            this.timestampEntryPrefix = entryPrefix;
            this.timestampHeaders = List.of();
            return this;
        }

        /**
         * The scheme signs no timestamp (the default): clears a timestamp source set earlier.
         *
         * @return this builder
         */
        public Builder noTimestamp() {
            this.timestampHeaders = List.of();
            this.timestampEntryPrefix = null;
            return this;
        }

        /**
         * The message-id header, with alternative spellings. By default it is also the
         * idempotency key.
         *
         * @param name the header name
         * @param alternates other accepted names
         * @return this builder
         */
        public Builder messageIdHeader(String name, String... alternates) {
            this.messageIdHeaders = headerNames(name, alternates, "message id");
            return this;
        }

        /**
         * What is signed, as a template of {@code {id}}, {@code {timestamp}}, {@code {body}} and
         * literal text, ending with {@code {body}}: {@code "{body}"},
         * {@code "{timestamp}.{body}"}, {@code "{id}.{timestamp}.{body}"},
         * {@code "v0:{timestamp}:{body}"}, {@code "{timestamp}:{body}"}.
         *
         * @param template the template
         * @return this builder
         */
        public Builder signedContent(String template) {
            this.signedContent = SignedContent.parse(template);
            return this;
        }

        /**
         * How secrets become key bytes (default UTF-8).
         *
         * @param decoding the decoding
         * @return this builder
         */
        public Builder keyDecoding(KeyDecoding decoding) {
            this.keyDecoding = Objects.requireNonNull(decoding, "decoding");
            return this;
        }

        /**
         * The accepted key length after decoding, checked when the source is built (Standard
         * Webhooks: 24 to 64 bytes).
         *
         * @param minBytes at least 1
         * @param maxBytes at least {@code minBytes}
         * @return this builder
         */
        public Builder keyLength(int minBytes, int maxBytes) {
            if (minBytes < 1 || maxBytes < minBytes) {
                throw new IllegalArgumentException("key length bounds must satisfy 1 <= min <= max, were " + minBytes + " and "
                        + maxBytes);
            }
            this.minKeyBytes = minBytes;
            this.maxKeyBytes = maxBytes;
            return this;
        }

        /**
         * The timestamp tolerance (default 5 minutes both ways for schemes with a timestamp). A
         * scheme without a timestamp must say {@link Tolerance#disabledForSchemesWithoutTimestamps()}
         * (or leave it unset); a scheme with one cannot turn the check off.
         *
         * @param tolerance the tolerance
         * @return this builder
         */
        public Builder tolerance(Tolerance tolerance) {
            this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
            return this;
        }

        /**
         * Also accept Ed25519 entries with this prefix ({@code "v1a,"} in Standard Webhooks), base64,
         * over the same signed content, verified against {@code whpk_} public keys from the
         * configured secrets (never from the request).
         *
         * @param prefix the prefix including its delimiter
         * @return this builder
         */
        public Builder ed25519SchemePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("the Ed25519 entry prefix must not be empty, e.g. \"v1a,\"");
            }
            this.ed25519Prefix = prefix;
            return this;
        }

        /**
         * Where the event id is in the body (default {@code /id}).
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder eventId(String pointer) {
            this.idPointer = Objects.requireNonNull(pointer, "pointer");
            this.idHeader = null;
            return this;
        }

        /**
         * Take the event id from a header ({@code X-GitHub-Delivery}).
         *
         * @param header the header name
         * @return this builder
         */
        public Builder eventIdFromHeader(String header) {
            this.idHeader = Objects.requireNonNull(header, "header");
            this.idPointer = null;
            return this;
        }

        /**
         * Where the event type is in the body (default {@code /type}).
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder eventType(String pointer) {
            this.typePointer = Objects.requireNonNull(pointer, "pointer");
            this.typeHeader = null;
            return this;
        }

        /**
         * Take the event type from a header ({@code X-GitHub-Event}, {@code X-Shopify-Topic}).
         *
         * @param header the header name
         * @return this builder
         */
        public Builder eventTypeFromHeader(String header) {
            this.typeHeader = Objects.requireNonNull(header, "header");
            this.typePointer = null;
            return this;
        }

        /**
         * Where the creation time is (epoch seconds or ISO-8601), if anywhere.
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder eventCreated(String pointer) {
            this.createdPointer = Objects.requireNonNull(pointer, "pointer");
            return this;
        }

        /**
         * Where the mode is ({@code "live"}/{@code "test"} or a {@code livemode} boolean), if anywhere.
         *
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder eventMode(String pointer) {
            this.modePointer = Objects.requireNonNull(pointer, "pointer");
            return this;
        }

        /**
         * Where the data object is (default {@code /data}; {@code ""} = the whole body).
         *
         * @param pointer a JSON pointer
         * @return this builder
         */
        public Builder eventData(String pointer) {
            this.dataPointer = Objects.requireNonNull(pointer, "pointer");
            return this;
        }

        /**
         * Copies a scalar from the body into {@code Event.attribute(name)}.
         *
         * @param name the attribute name
         * @param pointer a JSON pointer to a member
         * @return this builder
         */
        public Builder eventAttribute(String name, String pointer) {
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(pointer, "pointer"));
            return this;
        }

        /**
         * Whether the message id (when the scheme has one) is the idempotency key (default
         * {@code true}; Standard Webhooks asks receivers to deduplicate by {@code webhook-id}).
         * With {@code false} the event id is. Only a message id the signature covers ({@code {id}}
         * in the signed content) is ever used: when the id comes from an unsigned header, the
         * key is the SHA-256 of the body instead, because a sender of a replay chooses unsigned headers.
         *
         * @param enabled whether to deduplicate by the message id
         * @return this builder
         */
        public Builder idempotencyKeyFromMessageId(boolean enabled) {
            this.idempotencyFromMessageId = enabled;
            return this;
        }

        /**
         * The JSON limits of the decoder (default {@link JsonLimits#defaults()}).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder jsonLimits(JsonLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The scheme.
         *
         * @return an immutable scheme
         * @throws IllegalStateException when the settings do not fit together (the message says how to fix it)
         */
        public HmacScheme build() {
            if (signatureHeaders.isEmpty()) {
                throw new IllegalStateException("the " + provider + " scheme needs signatureHeader(\"...\")");
            }
            boolean hasTimestamp = !timestampHeaders.isEmpty() || timestampEntryPrefix != null;
            if (signedContent.usesTimestamp() && !hasTimestamp) {
                throw new IllegalStateException("the signed content '" + signedContent + "' uses {timestamp}; say where it comes"
                        + " from with timestampHeader(...) or timestampInSignatureHeader(...)");
            }
            if (hasTimestamp && !signedContent.usesTimestamp()) {
                throw new IllegalStateException("the " + provider + " scheme reads a timestamp that its signed content '"
                        + signedContent + "' does not cover; an unsigned timestamp proves nothing: add {timestamp} to the template");
            }
            if (signedContent.usesId() && messageIdHeaders.isEmpty()) {
                throw new IllegalStateException("the signed content '" + signedContent + "' uses {id}; name the header with"
                        + " messageIdHeader(...)");
            }
            if (timestampEntryPrefix != null && entrySeparator == null) {
                throw new IllegalStateException("a timestamp inside the signature header needs an entrySeparator(...)"
                        + " between it and the signatures");
            }
            if (tolerance == null) {
                tolerance = hasTimestamp ? Tolerance.of(Duration.ofMinutes(5)) : Tolerance.disabledForSchemesWithoutTimestamps();
            } else if (hasTimestamp && !tolerance.isEnabled()) {
                throw new IllegalStateException("the " + provider + " scheme signs a timestamp, so its tolerance cannot be"
                        + " disabled; use Tolerance.of(...) (disabledForSchemesWithoutTimestamps() is for schemes without one)");
            } else if (!hasTimestamp && tolerance.isEnabled()) {
                throw new IllegalStateException("the " + provider + " scheme has no timestamp to check; use"
                        + " Tolerance.disabledForSchemesWithoutTimestamps() or configure timestampHeader(...)");
            }
            if (ed25519Prefix != null && (ed25519Prefix.equals(schemePrefix) || ed25519Prefix.isEmpty())) {
                throw new IllegalStateException("the Ed25519 entry prefix must differ from the HMAC scheme prefix");
            }
            if (ed25519Prefix != null && entrySeparator == null) {
                throw new IllegalStateException("Ed25519 entries need an entrySeparator(...) between entries");
            }
            if (idHeader == null && idPointer == null || typeHeader == null && typePointer == null) {
                throw new IllegalStateException("the " + provider + " scheme needs an event id and type source");
            }
            // Fail now on bad pointers rather than at the first delivery.
            jsonDecoder(0);
            return new HmacScheme(this);
        }

        /** The decoder for the k-th spelling of the message-id header. */
        JsonEventDecoder jsonDecoder(int k) {
            JsonEventDecoder.Builder decoder = JsonEventDecoder.builder(provider).limits(limits).data(dataPointer);
            if (idHeader != null) {
                decoder.idFromHeader(spelling(idHeader, k));
            } else {
                decoder.id(idPointer);
            }
            if (typeHeader != null) {
                decoder.typeFromHeader(spelling(typeHeader, k));
            } else {
                decoder.type(typePointer);
            }
            if (createdPointer != null) {
                decoder.created(createdPointer);
            }
            if (modePointer != null) {
                decoder.mode(modePointer);
            }
            attributes.forEach(decoder::attribute);
            if (signedContent.usesId()) {
                if (idempotencyFromMessageId) {
                    decoder.idempotencyKeyFromHeader(messageIdHeaders.get(Math.min(k, messageIdHeaders.size() - 1)));
                }
            } else if (idHeader != null || idempotencyFromMessageId && !messageIdHeaders.isEmpty()) {
                // The id header is not covered by the signature: whoever replays a captured body
                // chooses it. Deduplicate by what is signed, the body itself.
                decoder.idempotencyKeyFromBodyDigest();
            }
            return decoder.build();
        }

        /** A header that names the primary message-id header follows the request's spelling (svix-id). */
        private String spelling(String header, int k) {
            if (!messageIdHeaders.isEmpty() && header.equalsIgnoreCase(messageIdHeaders.get(0)) && k < messageIdHeaders.size()) {
                return messageIdHeaders.get(k);
            }
            return header;
        }

        private static List<String> headerNames(String name, String[] alternates, String what) {
            List<String> names = new ArrayList<>();
            names.add(checkedHeader(name, what));
            for (String alternate : alternates) {
                names.add(checkedHeader(alternate, what));
            }
            return List.copyOf(names);
        }

        private static String checkedHeader(String name, String what) {
            Objects.requireNonNull(name, what + " header name");
            if (name.isBlank() || !name.equals(name.strip()) || name.contains(":")) {
                throw new IllegalArgumentException("the " + what + " header name '" + name + "' is not a header name");
            }
            return name;
        }
    }
}
