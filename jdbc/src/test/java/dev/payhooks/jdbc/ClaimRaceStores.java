package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.testkit.contract.MultiProcessClaimRace;

import javax.sql.DataSource;
import java.util.List;

/**
 * The stores {@link MultiProcessClaimTest}'s child JVMs race on, each on its own HikariCP pool of
 * one connection per delivering thread. Arguments: jdbcUrl table.
 */
abstract class ClaimRaceStores implements MultiProcessClaimRace.StoreFactory {

    private HikariDataSource pool;

    ClaimRaceStores() {
    }

    @Override
    public final IdempotencyStore open(List<String> arguments, int threads) {
        pool = TestDatabases.pool("worker", arguments.get(0), threads);
        return store(pool, arguments.get(1));
    }

    abstract IdempotencyStore store(DataSource pool, String table);

    @Override
    public final void close() {
        if (pool != null) {
            pool.close();
        }
    }

    /** {@link JdbcIdempotencyStore}. */
    public static final class Real extends ClaimRaceStores {

        /** Created by name in the child JVM. */
        public Real() {
        }

        @Override
        IdempotencyStore store(DataSource pool, String table) {
            return JdbcIdempotencyStore.builder(pool).tableName(table).build();
        }
    }

    /** The negative control, {@link NaiveCheckThenInsertStore}. */
    public static final class Naive extends ClaimRaceStores {

        /** Created by name in the child JVM. */
        public Naive() {
        }

        @Override
        IdempotencyStore store(DataSource pool, String table) {
            return new NaiveCheckThenInsertStore(pool, table);
        }
    }
}
