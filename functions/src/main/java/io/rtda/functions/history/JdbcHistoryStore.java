package io.rtda.functions.history;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.flywaydb.core.Flyway;

/**
 * History in a JDBC database: an embedded H2 file ({@code jdbc:h2:file:...}) or PostgreSQL 15+
 * ({@code jdbc:postgresql://...}). The schema is migrated by Flyway from {@code db/history} on
 * {@link #migrate}. Points are merged into existing rows by one {@code MERGE} per point (the same SQL on both
 * databases), so a bucket written in two flushes holds the merge of both. Each call opens its own
 * connection except {@link #write}, which reuses the caller's (the writer owns one).
 */
public final class JdbcHistoryStore {
    private static final String MERGE = """
            MERGE INTO rtda_history h
            USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
                    CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),
                    CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),
                    CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION)))
                AS s (stream, step_ms, bucket_start, updates, mean, std, min_value, max_value, p50, p95, last_value,
                    last_time, score)
            ON h.stream = s.stream AND h.step_ms = s.step_ms AND h.bucket_start = s.bucket_start
            WHEN MATCHED THEN UPDATE SET
                updates = h.updates + s.updates,
                mean = h.mean + (s.mean - h.mean) * s.updates / (h.updates + s.updates),
                std = h.std + (s.std - h.std) * s.updates / (h.updates + s.updates),
                p50 = h.p50 + (s.p50 - h.p50) * s.updates / (h.updates + s.updates),
                p95 = h.p95 + (s.p95 - h.p95) * s.updates / (h.updates + s.updates),
                min_value = LEAST(h.min_value, s.min_value),
                max_value = GREATEST(h.max_value, s.max_value),
                last_value = CASE WHEN s.last_time >= h.last_time THEN s.last_value ELSE h.last_value END,
                last_time = GREATEST(h.last_time, s.last_time),
                score = GREATEST(COALESCE(h.score, s.score), COALESCE(s.score, h.score))
            WHEN NOT MATCHED THEN INSERT (stream, step_ms, bucket_start, updates, mean, std, min_value, max_value,
                    p50, p95, last_value, last_time, score)
                VALUES (s.stream, s.step_ms, s.bucket_start, s.updates, s.mean, s.std, s.min_value, s.max_value,
                    s.p50, s.p95, s.last_value, s.last_time, s.score)
            """;
    private static final String SELECT = "SELECT stream, step_ms, bucket_start, updates, mean, std, min_value, "
            + "max_value, p50, p95, last_value, last_time, score FROM rtda_history "
            + "WHERE stream = ? AND step_ms = ? AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start";

    private final String url;
    private final String user;
    private final String password;

    public JdbcHistoryStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Where the history is kept, without credentials. */
    public String url() {
        return url;
    }

    /** Brings the schema up to date; returns the number of migrations applied. */
    public int migrate() {
        return Flyway.configure(JdbcHistoryStore.class.getClassLoader()).dataSource(url, user, password)
                .locations("classpath:db/history").table("rtda_schema_history").load().migrate().migrationsExecuted;
    }

    public Connection connect() throws SQLException {
        return connect(url, user, password);
    }

    /**
     * A connection through the JDBC driver on this class's class path that accepts {@code url}. Not through
     * {@code DriverManager}, which only offers drivers its caller's class loader registered: inside Quarkus
     * (and in tests next to it) that is not always this one.
     */
    public static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        for (Driver driver : ServiceLoader.load(Driver.class, JdbcHistoryStore.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                return driver.connect(url, properties);
            }
        }
        throw new SQLException("no JDBC driver for " + url + ": use jdbc:h2:file:... or jdbc:postgresql://...");
    }

    /** Merges {@code points} in one transaction on {@code connection}; on failure nothing is written. */
    public void write(Connection connection, List<HistoryPoint> points) throws SQLException {
        write(connection, points, List.of());
    }

    /** Merges {@code points} and stores {@code transitions} in one transaction; on failure nothing is written. */
    public void write(Connection connection, List<HistoryPoint> points, List<TransitionRow> transitions)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement merge = connection.prepareStatement(MERGE)) {
            for (HistoryPoint p : points) {
                bind(merge, p);
                merge.addBatch();
            }
            merge.executeBatch();
            if (!transitions.isEmpty()) {
                writeTransitions(connection, transitions);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Points of {@code stream} at {@code stepMillis} with bucket start in {@code [from, to)}, oldest first. */
    public List<HistoryPoint> read(String stream, long stepMillis, long from, long to) throws SQLException {
        List<HistoryPoint> points = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, stream);
            select.setLong(2, stepMillis);
            select.setLong(3, from);
            select.setLong(4, to);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    double stored = rs.getDouble(13);
                    double score = rs.wasNull() ? Double.NaN : stored;
                    points.add(new HistoryPoint(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                            rs.getDouble(10), rs.getDouble(11), rs.getLong(12), score));
                }
            }
        }
        return points;
    }

    private static final String INSERT_TRANSITION = """
            MERGE INTO rtda_alert_transitions t
            USING (VALUES (CAST(? AS VARCHAR(400)), CAST(? AS VARCHAR(400)), CAST(? AS BIGINT),
                    CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(16)),
                    CAST(? AS BIGINT), CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(100000))))
                AS s (event_id, alert_id, sequence, rule_id, stream, from_state, to_state, at, severity, body)
            ON t.event_id = s.event_id
            WHEN NOT MATCHED THEN INSERT (event_id, alert_id, sequence, rule_id, stream, from_state, to_state, at,
                    severity, body)
                VALUES (s.event_id, s.alert_id, s.sequence, s.rule_id, s.stream, s.from_state, s.to_state, s.at,
                    s.severity, s.body)
            """;

    /** Stores transitions (a transition already stored is kept as it is) on {@code connection}, no commit. */
    public void writeTransitions(Connection connection, List<TransitionRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSITION)) {
            for (TransitionRow r : rows) {
                insert.setString(1, r.eventId());
                insert.setString(2, r.alertId());
                insert.setLong(3, r.sequence());
                insert.setString(4, r.ruleId());
                insert.setString(5, r.stream());
                insert.setString(6, r.from());
                insert.setString(7, r.to());
                insert.setLong(8, r.at());
                insert.setString(9, r.severity());
                insert.setString(10, r.body());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Transitions with {@code at} in {@code [from, to)}, newest first, at most {@code limit}; {@code stream}
     * and {@code rule} filter when not null.
     */
    public List<TransitionRow> readTransitions(String stream, String rule, long from, long to, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_id, alert_id, sequence, rule_id, stream, from_state, "
                + "to_state, at, severity, body FROM rtda_alert_transitions WHERE at >= ? AND at < ?");
        if (stream != null) {
            sql.append(" AND stream = ?");
        }
        if (rule != null) {
            sql.append(" AND rule_id = ?");
        }
        sql.append(" ORDER BY at DESC, event_id DESC");
        List<TransitionRow> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement select = c.prepareStatement(sql.toString())) {
            int i = 1;
            select.setLong(i++, from);
            select.setLong(i++, to);
            if (stream != null) {
                select.setString(i++, stream);
            }
            if (rule != null) {
                select.setString(i, rule);
            }
            select.setMaxRows(limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TransitionRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return rows;
    }

    /** Deletes the points of level {@code stepMillis} that start before {@code cutoff}; returns how many. */
    public int deleteBefore(Connection connection, long stepMillis, long cutoff) throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM rtda_history WHERE step_ms = ? AND bucket_start < ?")) {
            delete.setLong(1, stepMillis);
            delete.setLong(2, cutoff);
            return delete.executeUpdate();
        }
    }

    private static void bind(PreparedStatement merge, HistoryPoint p) throws SQLException {
        merge.setString(1, p.stream());
        merge.setLong(2, p.stepMillis());
        merge.setLong(3, p.start());
        merge.setLong(4, p.updates());
        merge.setDouble(5, p.mean());
        merge.setDouble(6, p.std());
        merge.setDouble(7, p.min());
        merge.setDouble(8, p.max());
        merge.setDouble(9, p.p50());
        merge.setDouble(10, p.p95());
        merge.setDouble(11, p.last());
        merge.setLong(12, p.lastTime());
        if (Double.isNaN(p.score())) {
            merge.setNull(13, Types.DOUBLE);
        } else {
            merge.setDouble(13, p.score());
        }
    }
}
