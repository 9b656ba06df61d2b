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
}
