package dev.payhooks.jdbc.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated, unquoted table name, optionally schema-qualified, and the name of its expiry index.
 * The name is spliced into SQL text (identifiers cannot be bind parameters), so only plain
 * identifiers are accepted: letters, digits and underscores, not starting with a digit, and no
 * word that PostgreSQL or H2 reserve.
 *
 * @param qualified the name as written in SQL ({@code payhooks_idempotency} or {@code billing.payhooks_idempotency})
 * @param index the unqualified name of the expiry index (PostgreSQL creates it in the table's schema)
 */
public record TableName(String qualified, String index) {

    /** Leaves room for the index suffix inside PostgreSQL's 63-byte identifier limit. */
    public static final int MAX_PART_LENGTH = 48;

    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String INDEX_SUFFIX = "_expires_idx";

    // Reserved in PostgreSQL (SQL Key Words appendix, "reserved" column) or in H2 (its keyword list);
    // as an unquoted table name each one is a syntax error on at least one of the two.
    private static final Set<String> RESERVED = Set.of(
            "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "AUTHORIZATION",
            "BETWEEN", "BINARY", "BOTH", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONCURRENTLY",
            "CONSTRAINT", "CREATE", "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE",
            "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DAY", "DEFAULT",
            "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR",
            "FOREIGN", "FREEZE", "FROM", "FULL", "GRANT", "GROUP", "GROUPS", "HAVING", "HOUR", "IF", "ILIKE",
            "IN", "INITIALLY", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "ISNULL", "JOIN", "KEY",
            "LATERAL", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "MINUS", "MINUTE",
            "MONTH", "NATURAL", "NOT", "NOTNULL", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER",
            "OVER", "OVERLAPS", "PARTITION", "PLACING", "PRIMARY", "QUALIFY", "RANGE", "REFERENCES",
            "REGEXP", "RETURNING", "RIGHT", "ROW", "ROWNUM", "ROWS", "SECOND", "SELECT", "SESSION_USER",
            "SET", "SIMILAR", "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLE", "TABLESAMPLE", "THEN", "TO", "TOP",
            "TRAILING", "TRUE", "UESCAPE", "UNION", "UNIQUE", "UNKNOWN", "USER", "USING", "VALUE", "VALUES",
            "VARIADIC", "VERBOSE", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR", "_ROWID_");

    /**
     * Validates a table name.
     *
     * @param name {@code table} or {@code schema.table}
     * @return the validated name
     * @throws IllegalArgumentException when it is not a plain identifier
     */
    public static TableName of(String name) {
        Objects.requireNonNull(name, "tableName");
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw invalid(name, "use table or schema.table, with at most one dot");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw invalid(name, "each part must be letters, digits and underscores, not starting with a digit"
                        + " (the name is used unquoted in SQL)");
            }
            if (part.length() > MAX_PART_LENGTH) {
                throw invalid(name, "each part may have at most " + MAX_PART_LENGTH + " characters");
            }
            if (RESERVED.contains(part.toUpperCase(Locale.ROOT))) {
                throw invalid(name, "'" + part + "' is a reserved SQL word; choose another name");
            }
        }
        return new TableName(name, parts[parts.length - 1] + INDEX_SUFFIX);
    }

    /**
     * The name without its schema, for naming indexes and constraints after the table.
     *
     * @return the last part of the name
     */
    public String unqualified() {
        int dot = qualified.indexOf('.');
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }

    private static IllegalArgumentException invalid(String name, String why) {
        return new IllegalArgumentException("invalid table name '" + name + "': " + why
                + ", e.g. \"payhooks_idempotency\" or \"billing.payhooks_idempotency\"");
    }
}
