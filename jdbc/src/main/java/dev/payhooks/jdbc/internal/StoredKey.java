package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.IdempotencyKey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The column values an {@link IdempotencyKey} is stored under. Each part is stored as it is when
 * it fits its column and the database can hold it exactly; otherwise as {@code ~sha256:} and the
 * SHA-256 of its UTF-16 code units. So no key is ever refused (a refused key would mean a 503 that
 * the provider retries for days), and distinct keys never share a row: PostgreSQL cannot store NUL
 * in text, and a lone surrogate has no exact UTF-8 form (two such keys could otherwise collapse into
 * one). A value that itself starts with the marker is digested too, so the mapping stays one-to-one.
 *
 * @param provider the provider column
 * @param tenant the tenant column
 * @param key the event_key column
 */
public record StoredKey(String provider, String tenant, String key) {

    /** Column sizes of schema version 1. */
    public static final int PROVIDER_COLUMN = 100;
    /** Column sizes of schema version 1. */
    public static final int TENANT_COLUMN = 200;
    /** Column sizes of schema version 1. */
    public static final int KEY_COLUMN = 255;

    private static final String DIGEST_MARKER = "~sha256:";

    /**
     * The stored form of a key.
     *
     * @param key the key
     * @return its column values
     */
    public static StoredKey of(IdempotencyKey key) {
        return new StoredKey(column(key.provider(), PROVIDER_COLUMN), column(key.tenant(), TENANT_COLUMN),
                column(key.key(), KEY_COLUMN));
    }

    /**
     * Binds the three columns, in table order, to consecutive parameters.
     *
     * @param statement the statement
     * @param first the provider's parameter index
     * @throws SQLException when the driver refuses
     */
    void bind(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, provider);
        statement.setString(first + 1, tenant);
        statement.setString(first + 2, key);
    }

    static String column(String value, int size) {
        if (value.length() <= size && !value.startsWith(DIGEST_MARKER) && storableExactly(value)) {
            return value;
        }
        try {
            // The raw UTF-16 code units: String.getBytes would replace a lone surrogate with '?'.
            byte[] units = new byte[value.length() * 2];
            for (int i = 0; i < value.length(); i++) {
                units[2 * i] = (byte) (value.charAt(i) >> 8);
                units[2 * i + 1] = (byte) value.charAt(i);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(units);
            return DIGEST_MARKER + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static boolean storableExactly(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
