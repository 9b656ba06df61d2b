package dev.payhooks.redis.internal;

import dev.payhooks.spi.IdempotencyKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Redis key an {@link IdempotencyKey} is stored under:
 * {@code <prefix>{<provider>:<tenant>:<key>}}, each part escaped so that the mapping is one-to-one
 * and the key is printable ASCII.
 *
 * <p>Escaping: printable ASCII other than {@code % : { } #} stays as it is; every other character is
 * written as {@code %XX} per byte of its UTF-8 form, and a lone surrogate (which has no UTF-8 form,
 * and which {@code String.getBytes} would turn into {@code ?}, merging distinct keys) as
 * {@code %uXXXX}. Since no part contains an unescaped {@code :}, the three parts can always be told
 * apart ({@code ("p", "a:b", "c")} and {@code ("p", "a", "b:c")} never share a key).
 *
 * <p>Cluster slots: Redis Cluster hashes only the text between the first {@code {} and the next
 * {@code }} (the hash tag). The prefix may contain neither brace and the escaped parts contain none,
 * so the tag is exactly the escaped identity: keys derived from one event's identity (today only
 * the claim; later companions such as a version key) share a slot, while different events spread
 * over all slots.
 *
 * <p>Identities whose escaped form is longer than {@link #MAX_IDENTITY_LENGTH} characters are
 * replaced by {@code #} and the SHA-256 of the escaped form; {@code #} is escaped in the normal
 * form, so a digest never equals an escaped identity.
 */
public final class RedisKeys {

    /** Longer escaped identities are digested, which bounds the memory one key takes. */
    public static final int MAX_IDENTITY_LENGTH = 512;
    /** The longest prefix accepted. */
    public static final int MAX_PREFIX_LENGTH = 100;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private RedisKeys() {
    }

    /**
     * Checks a key prefix.
     *
     * @param prefix the prefix
     * @return the prefix
     * @throws IllegalArgumentException when it is empty, too long, or contains anything but printable
     *         ASCII other than braces
     */
    public static String validPrefix(String prefix) {
        if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("keyPrefix must be 1 to " + MAX_PREFIX_LENGTH + " characters, was "
                    + prefix.length() + " characters; use something like \"payhooks:idempotency:\"");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("keyPrefix must be printable ASCII without spaces (character " + i
                        + " is not); use something like \"payhooks:idempotency:\"");
            }
            if (c == '{' || c == '}') {
                throw new IllegalArgumentException("keyPrefix must not contain '{' or '}': the store puts the event's"
                        + " identity in braces so that Redis Cluster hashes only that part");
            }
        }
        return prefix;
    }

    /**
     * The Redis key of an idempotency key.
     *
     * @param prefix a prefix accepted by {@link #validPrefix(String)}
     * @param key the idempotency key
     * @return the Redis key
     */
    public static String of(String prefix, IdempotencyKey key) {
        return tagged(prefix, key.provider(), key.tenant(), key.key());
    }

    /**
     * The Redis key of a provider object's version, for the ordering guard:
     * {@code <prefix>{<provider>:<tenant>:<object type>:<object id>}}, escaped as event keys are.
     * Its hold lives beside it under {@link #holdOf(String)}, in the same Cluster slot.
     *
     * @param prefix a prefix accepted by {@link #validPrefix(String)}
     * @param key the object
     * @return the Redis key of its version
     */
    public static String of(String prefix, dev.payhooks.spi.ObjectKey key) {
        return tagged(prefix, key.provider(), key.tenant(), key.objectType(), key.objectId());
    }

    /**
     * {@code <prefix>{<part>:<part>...}}: the parts escaped and joined into the Cluster hash tag,
     * or their digest when they are too long for one.
     */
    private static String tagged(String prefix, String... parts) {
        StringBuilder identity = new StringBuilder(64);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                identity.append(':');
            }
            escape(parts[i], identity);
        }
        String tag = identity.length() <= MAX_IDENTITY_LENGTH ? identity.toString() : digest(identity);
        return prefix + '{' + tag + '}';
    }

    /**
     * The key of the hold on an object, beside its version key (same hash tag, same slot).
     *
     * @param versionKey the object's version key from {@link #of(String, dev.payhooks.spi.ObjectKey)}
     * @return the hold key
     */
    public static String holdOf(String versionKey) {
        return versionKey + ":hold";
    }

    static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x21 && c <= 0x7e && c != '%' && c != ':' && c != '{' && c != '}' && c != '#') {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                percentEncode(value.substring(i, i + 2), out);
                i++;
            } else if (Character.isSurrogate(c)) {
                out.append("%u").append(HEX.toHexDigits(c));
            } else {
                percentEncode(String.valueOf(c), out);
            }
        }
    }

    private static void percentEncode(String codePoint, StringBuilder out) {
        for (byte b : codePoint.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX.toHexDigits(b));
        }
    }

    private static String digest(CharSequence identity) {
        try {
            // The escaped identity is ASCII, so its bytes are exactly its characters.
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identity.toString().getBytes(StandardCharsets.US_ASCII));
            return "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
