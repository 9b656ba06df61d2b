package dev.payhooks.hmac;

import dev.payhooks.hmac.internal.Ed25519;
import dev.payhooks.hmac.internal.HmacSigner;
import dev.payhooks.hmac.internal.SignedContent;
import dev.payhooks.spi.WebhookSigner;
import dev.payhooks.spi.signature.HmacAlgorithm;
import dev.payhooks.spi.signature.SignatureEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's HMAC signature, described along the dimensions in which real providers differ:
 * where the signature, timestamp and message id travel, how entries are separated and prefixed,
 * what is signed, how MACs are written and how a secret becomes a key. It describes the signature
 * only; {@link HmacWebhooks} adds the provider's name, its event envelope and its tolerance.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * HmacScheme acme = HmacScheme.builder()
 *         .signatureHeader("Acme-Signature").entrySeparator(",").schemePrefix("v1=")
 *         .timestampInSignatureHeader("t=")
 *         .signedContent("{timestamp}.{body}")
 *         .build();
 * }</pre>
 *
 * <p>The presets' schemes are {@code HmacPresets.standardWebhooks().scheme()} and so on; change one
 * with {@link #toBuilder()}.
 *
 * @since 0.1.0
 */
public final class HmacScheme {

    /** The prefix of a Standard Webhooks Ed25519 public key. */
    public static final String WHPK_PREFIX = "whpk_";
    /** The prefix of a Standard Webhooks Ed25519 private key (never accepted by a verifier). */
    public static final String WHSK_PREFIX = "whsk_";

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
    private final String ed25519Prefix;

    private HmacScheme(Builder b) {
        this.algorithm = b.algorithm;
        this.signatureHeaders = b.signatureHeaders;
        this.entrySeparator = b.entrySeparator;
        this.schemePrefix = b.schemePrefix;
        this.encoding = b.encoding;
        this.timestampHeaders = b.timestampHeaders;
        this.timestampEntryPrefix = b.timestampEntryPrefix;
        this.messageIdHeaders = b.messageIdHeaders;
        this.signedContent = b.signedContent;
        this.keyDecoding = b.keyDecoding;
        this.minKeyBytes = b.minKeyBytes;
        this.maxKeyBytes = b.maxKeyBytes;
        this.ed25519Prefix = b.ed25519Prefix;
    }

    /**
     * A builder.
     *
     * @return a new builder with the defaults: HMAC-SHA256, hex, one signature entry without a
     *         prefix, signed content {@code {body}}, UTF-8 key, no timestamp, no message id
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this scheme's settings, to change a preset's.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
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
        b.ed25519Prefix = ed25519Prefix;
        return b;
    }

    /**
     * A signer for tests and tools: signs bodies with HMAC secrets as the provider would.
     *
     * @param secrets one secret, or several for a header with several entries (a rotation)
     * @return the signer
     * @throws IllegalArgumentException when a secret is unusable, or several are given for a
     *         scheme whose header holds one entry
     */
    public WebhookSigner signer(String... secrets) {
        return HmacSigner.hmac(this, List.of(secrets));
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
            throw new IllegalStateException("this scheme has no Ed25519 signatures; set ed25519SchemePrefix first");
        }
        return HmacSigner.ed25519(this, Ed25519.privateKey(privateKeySeed));
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

    /**
     * How secrets become keys.
     *
     * @return the key decoding
     */
    public KeyDecoding keyDecoding() {
        return keyDecoding;
    }

    /**
     * The fewest key bytes a secret may decode to.
     *
     * @return at least 1
     */
    public int minKeyBytes() {
        return minKeyBytes;
    }

    /**
     * The most key bytes a secret may decode to.
     *
     * @return at least {@link #minKeyBytes()}
     */
    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    /**
     * The prefix of Ed25519 entries ({@code v1a,}).
     *
     * @return the prefix, or empty when the scheme has none
     */
    public Optional<String> ed25519SchemePrefix() {
        return Optional.ofNullable(ed25519Prefix);
    }

    /**
     * Whether the signature covers a timestamp (and so has one to check).
     *
     * @return {@code true} when the signed content has {@code {timestamp}}
     */
    public boolean signsTimestamp() {
        return signedContent.usesTimestamp();
    }

    /**
     * Whether the signature covers the message id, which then is a safe idempotency key.
     *
     * @return {@code true} when the signed content has {@code {id}}
     */
    public boolean signsMessageId() {
        return signedContent.usesId();
    }

    @Override
    public String toString() {
        return "HmacScheme[" + algorithm + ", header=" + signatureHeaders.get(0) + ", signed=" + signedContent + ", " + encoding + "]";
    }

    /**
     * Builds an {@link HmacScheme}. Every setter validates at once; {@link #build()} checks that the
     * settings fit together. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder {
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
        private String ed25519Prefix;

        private Builder() {
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
         * The message-id header, with alternative spellings. When the signed content covers it
         * ({@code {id}}) it is by default also the idempotency key.
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
         * @throws IllegalArgumentException when the body is not last, or a placeholder is unknown or repeated
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
         * The accepted key length after decoding, checked when a source or signer is built
         * (Standard Webhooks: 24 to 64 bytes).
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
         * The scheme.
         *
         * @return an immutable scheme
         * @throws IllegalStateException when the settings do not fit together (the message says how to fix it)
         */
        public HmacScheme build() {
            if (signatureHeaders.isEmpty()) {
                throw new IllegalStateException("a scheme needs signatureHeader(\"...\")");
            }
            boolean hasTimestamp = !timestampHeaders.isEmpty() || timestampEntryPrefix != null;
            if (signedContent.usesTimestamp() && !hasTimestamp) {
                throw new IllegalStateException("the signed content '" + signedContent + "' uses {timestamp}; say where it comes"
                        + " from with timestampHeader(...) or timestampInSignatureHeader(...)");
            }
            if (hasTimestamp && !signedContent.usesTimestamp()) {
                throw new IllegalStateException("the scheme reads a timestamp that its signed content '" + signedContent
                        + "' does not cover; an unsigned timestamp proves nothing: add {timestamp} to the template");
            }
            if (signedContent.usesId() && messageIdHeaders.isEmpty()) {
                throw new IllegalStateException("the signed content '" + signedContent + "' uses {id}; name the header with"
                        + " messageIdHeader(...)");
            }
            if (timestampEntryPrefix != null && entrySeparator == null) {
                throw new IllegalStateException("a timestamp inside the signature header needs an entrySeparator(...)"
                        + " between it and the signatures");
            }
            if (ed25519Prefix != null && ed25519Prefix.equals(schemePrefix)) {
                throw new IllegalStateException("the Ed25519 entry prefix must differ from the HMAC scheme prefix");
            }
            if (ed25519Prefix != null && entrySeparator == null) {
                throw new IllegalStateException("Ed25519 entries need an entrySeparator(...) between entries");
            }
            return new HmacScheme(this);
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
