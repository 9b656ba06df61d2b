package dev.payhooks.jdbc.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * The connection of the transactional dispatch running on this thread, for the handlers that
 * {@code JdbcTransactions.handler} wraps. Handlers get a guard around it: payhooks alone ends the
 * transaction, so a handler's commit would otherwise make its writes durable before the done
 * record could be rolled back with them.
 */
public final class CurrentTransaction {

    private static final ThreadLocal<Connection> CURRENT = new ThreadLocal<>();
    /** What only the transaction's owner may do. */
    private static final Set<String> REFUSED = Set.of("commit", "setAutoCommit", "setTransactionIsolation",
            "abort", "beginRequest", "endRequest");

    private CurrentTransaction() {
    }

    /**
     * The current transaction's connection, guarded.
     *
     * @return the connection, or empty outside a transactional dispatch
     */
    public static Optional<Connection> connection() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes a connection current for this thread until {@link Binding#close()}.
     *
     * @param connection the transaction's connection
     * @return the binding
     */
    static Binding bind(Connection connection) {
        Connection previous = CURRENT.get();
        CURRENT.set(guard(connection));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends a binding. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    private static Connection guard(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            int arity = args == null ? 0 : args.length;
            if (name.equals("close") && arity == 0) {
                return null;
            }
            if (name.equals("isClosed") && arity == 0) {
                return connection.isClosed();
            }
            if (REFUSED.contains(name) || name.equals("rollback") && arity == 0) {
                throw new SQLException("payhooks commits this transaction when the handler returns and rolls it back"
                        + " when the handler throws; a handler may not call " + name + " on its connection"
                        + " (throw to roll back)");
            }
            if (method.getDeclaringClass() == Object.class) {
                if (name.equals("equals")) {
                    return proxy == args[0];
                }
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                return "payhooks transaction connection";
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }
}
