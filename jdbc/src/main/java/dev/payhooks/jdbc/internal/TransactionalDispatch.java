package dev.payhooks.jdbc.internal;

import dev.payhooks.jdbc.TransactionRunner;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.TransactionWork;
import dev.payhooks.spi.TransactionalIdempotencyStore.Result;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One transaction that records an event as done and runs its handlers, for the store and the inbox.
 *
 * <p><b>Order.</b> The done record is written first: a concurrent transaction for the same key
 * then meets it on the table's unique index (the store) or the row lock (the inbox) before it runs
 * any handler, waits there until this transaction ends, and finds the key completed (after a
 * commit) or free (after a rollback, and then records it itself). So at most one transaction per
 * key ever runs its handlers to a commit, and a delivery whose transaction rolls back leaves no
 * trace.
 *
 * <p><b>Isolation: READ COMMITTED</b> (both databases' default, and what
 * {@link TransactionRunner#localTransactions} sets). After waiting, the statements must see the
 * row the other transaction committed: at READ COMMITTED each statement reads the newest committed
 * data, and PostgreSQL's {@code ON CONFLICT} re-checks the newest row version. At REPEATABLE READ
 * or SERIALIZABLE, PostgreSQL refuses the waiting insert with a serialization failure (40001) and
 * H2's later {@code SELECT} may not see the committed row; both end here as "in progress" (409,
 * the provider retries and then finds a duplicate), never as a second run, but every concurrent
 * duplicate costs a retry. READ UNCOMMITTED is not needed and not wanted.
 *
 * <p><b>Waiting.</b> A waiting delivery waits as long as the first transaction runs, bounded by the
 * query timeout on PostgreSQL and {@code LOCK_TIMEOUT} on H2; a wait that ends in a timeout, a
 * deadlock or a serialization failure is answered "in progress".
 */
public final class TransactionalDispatch {

    private TransactionalDispatch() {
    }

    /**
     * The store's transaction: the key recorded completed, then the work.
     *
     * @param database the idempotency table
     * @param runner where the transaction comes from
     * @param key the stored key
     * @param retentionMillis how long the completed key is remembered
     * @param work the handlers
     * @return what happened
     * @throws Exception what the work threw; a {@code WebhookUnavailableException} when the database failed
     */
    public static Result complete(Database<IdempotencySql> database, TransactionRunner runner, StoredKey key,
                                  long retentionMillis, TransactionWork work) throws Exception {
        IdempotencySql sql = database.prepared();
        Throwable[] fromWork = new Throwable[1];
        try {
            return runner.inTransaction(connection -> {
                Optional<ClaimResult> recorded;
                try {
                    recorded = sql.claimCompleted(connection, key, ClaimToken.random(), retentionMillis);
                } catch (SQLException e) {
                    if (SqlStates.isContention(e)) {
                        throw new Rollback(Result.IN_PROGRESS);
                    }
                    throw e;
                }
                ClaimResult state = recorded.orElse(null);
                if (state instanceof ClaimResult.Completed) {
                    throw new Rollback(Result.ALREADY_COMPLETED);
                }
                if (!(state instanceof ClaimResult.Claimed)) {
                    // An unexpired claim of an ordinary dispatch, or a key that kept changing.
                    throw new Rollback(Result.IN_PROGRESS);
                }
                run(connection, work, fromWork);
                return Result.COMMITTED;
            });
        } catch (Rollback rollback) {
            return (Result) rollback.result;
        } catch (Exception e) {
            if (e == fromWork[0]) {
                throw e;
            }
            if (e instanceof SQLException) {
                if (SqlStates.isContention((SQLException) e)) {
                    return Result.IN_PROGRESS;
                }
                throw database.unavailable("record the event in the handlers' transaction", (SQLException) e);
            }
            throw e;
        }
    }

    /**
     * The inbox's transaction: the row marked done (fenced by its token), then the work.
     *
     * @param database the inbox table
     * @param runner where the transaction comes from
     * @param id the row id
     * @param token the claim token
     * @param work the handlers
     * @return whether the work ran and committed; {@code false} when the token no longer holds the row
     * @throws Exception what the work threw; a {@code WebhookUnavailableException} when the database failed
     */
    public static boolean markDone(Database<InboxSql> database, TransactionRunner runner, long id, ClaimToken token,
                                   TransactionWork work) throws Exception {
        InboxSql sql = database.prepared();
        Throwable[] fromWork = new Throwable[1];
        try {
            return runner.inTransaction(connection -> {
                boolean owned;
                try {
                    owned = sql.done(connection, id, token);
                } catch (SQLException e) {
                    if (SqlStates.isContention(e)) {
                        throw new Rollback(Boolean.FALSE);
                    }
                    throw e;
                }
                if (!owned) {
                    throw new Rollback(Boolean.FALSE);
                }
                run(connection, work, fromWork);
                return true;
            });
        } catch (Rollback rollback) {
            return (Boolean) rollback.result;
        } catch (Exception e) {
            if (e == fromWork[0] || !(e instanceof SQLException)) {
                throw e;
            }
            throw database.unavailable("mark row " + id + " done in the handlers' transaction", (SQLException) e);
        }
    }

    private static void run(Connection connection, TransactionWork work, Throwable[] fromWork) throws Exception {
        CurrentTransaction.Binding binding = CurrentTransaction.bind(connection);
        try {
            work.run();
        } catch (Exception | Error e) {
            fromWork[0] = e;
            throw e;
        } finally {
            binding.close();
        }
    }

    /** Ends a transaction without a commit and carries its answer out of the runner. */
    private static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object result;

        Rollback(Object result) {
            super("rolled back: " + result, null, false, false);
            this.result = result;
        }
    }
}
