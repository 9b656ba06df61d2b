package dev.payhooks.jdbc.internal;

import java.sql.SQLException;

/** The classes of SQLState (SQL standard, ISO/IEC 9075-2, "SQLSTATE") that decide what a failure means. */
final class SqlStates {

    private SqlStates() {
    }

    /**
     * Whether the connection itself failed (class 08), or the driver gave no state: nothing more
     * can be done on that connection.
     *
     * @param e the failure
     * @return {@code true} for a connection failure
     */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08");
    }

    /**
     * Whether a statement was refused for the schema (class 42: syntax error or access rule
     * violation, such as an undefined table or column or a missing privilege).
     *
     * @param e the failure
     * @return {@code true} for a schema error
     */
    static boolean isSchemaError(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("42");
    }

    /**
     * Whether a statement violated a unique constraint (23505).
     *
     * @param e the failure
     * @return {@code true} for a duplicate key
     */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * Whether a statement gave up waiting for, or lost a serialization conflict with, another
     * transaction on the same rows: class 40 (serialization failure 40001, PostgreSQL's deadlock
     * 40P01), PostgreSQL's lock_not_available (55P03) and query_canceled (57014, the statement
     * timeout ending a lock wait), and H2's lock timeout (error 50200, SQLState HYT00). A
     * transactional dispatch answers such a delivery "in progress" (the provider retries).
     *
     * @param e the failure
     * @return {@code true} for contention
     */
    static boolean isContention(SQLException e) {
        String state = e.getSQLState();
        return e.getErrorCode() == H2_LOCK_TIMEOUT || state != null
                && (state.startsWith("40") || state.equals("55P03") || state.equals("57014"));
    }

    /** H2's ErrorCode.LOCK_TIMEOUT_1. */
    private static final int H2_LOCK_TIMEOUT = 50200;
}
