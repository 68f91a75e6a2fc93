package io.rtda.functions.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Fresh, empty databases for one test class: in-memory H2, and a new database on the local PostgreSQL. */
final class TestDatabases {
    static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String PG_USER = "postgres";

    private TestDatabases() {
    }

    static JdbcHistoryStore h2() {
        return new JdbcHistoryStore("jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A new PostgreSQL database; the name is returned through the store's URL. */
    static JdbcHistoryStore postgres() throws SQLException {
        String name = "rtda_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = JdbcHistoryStore.connect(PG_ADMIN, PG_USER, null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new JdbcHistoryStore("jdbc:postgresql://127.0.0.1:5432/" + name, PG_USER, null);
    }

    /** Drops a database made by {@link #postgres}; H2 memory databases vanish with the JVM. */
    static void drop(JdbcHistoryStore store) throws SQLException {
        if (!store.url().startsWith("jdbc:postgresql:")) {
            return;
        }
        String name = store.url().substring(store.url().lastIndexOf('/') + 1);
        try (Connection c = JdbcHistoryStore.connect(PG_ADMIN, PG_USER, null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
