package dev.payhooks.spi.signature;

/**
 * The HMAC algorithms webhook providers use.
 *
 * @since 0.1.0
 */
public enum HmacAlgorithm {
    /** HMAC-SHA1 (legacy GitHub {@code X-Hub-Signature}). */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA256, used by almost every provider. */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA512. */
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int macLength;

    HmacAlgorithm(String jcaName, int macLength) {
        this.jcaName = jcaName;
        this.macLength = macLength;
    }

    /**
     * The JCA algorithm name.
     *
     * @return e.g. {@code HmacSHA256}
     */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The MAC length in bytes.
     *
     * @return e.g. 32
     */
    public int macLength() {
        return macLength;
    }
}
