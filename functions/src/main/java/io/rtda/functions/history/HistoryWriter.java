package io.rtda.functions.history;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.flywaydb.core.api.FlywayException;

/**
 * Moves recorded points to the store off the ingest path, on its own thread: every flush it drains the
 * recorder, adds each point to its bucket at every level (so the 1 min and 1 h rollups are exact merges of
 * the same updates), and writes everything pending in one transaction. While the database is down the
 * points wait in memory, merged per bucket, up to {@code maxPending} buckets; points for further buckets are
 * dropped and counted. Alert transitions handed over by {@link #recordTransition} are written the same way
 * (each once: a retried one keeps its row). Retention deletes run once a minute. Owns its thread and its connection.
 */
public final class HistoryWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistoryWriter.class.getName());
    private static final int CHUNK = 5_000;

    private final JdbcHistoryStore store;
    private final HistoryRecorder recorder;
    private final List<HistoryLevel> levels;
    private final int maxPending;
    private final LongSupplier wallClock;
    private final Map<Key, HistoryPoint> pending = new LinkedHashMap<>();
    /** Alert transitions handed over by any thread; the writer moves them to {@link #pendingTransitions}. */
    private final ConcurrentLinkedQueue<TransitionRow> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger incomingCount = new AtomicInteger();
    private final List<TransitionRow> pendingTransitions = new ArrayList<>();
    private final ScheduledExecutorService thread;
    private Connection connection;
    private boolean migrated;
    private volatile Consumer<List<HistoryPoint>> export = points -> { };
    private volatile long dropped;
    private volatile long written;
    private volatile long failures;
    private volatile int pendingCount;
    private volatile String lastError;

    private record Key(String stream, long step, long start) {
    }

    public HistoryWriter(JdbcHistoryStore store, HistoryRecorder recorder, List<HistoryLevel> levels, int maxPending,
            LongSupplier wallClock) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("history needs at least one level");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending history points must be positive, was " + maxPending);
        }
        this.store = store;
        this.recorder = recorder;
        this.levels = List.copyOf(levels);
        this.maxPending = maxPending;
        this.wallClock = wallClock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtda-history-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Also hands every drained batch of finest-level points to {@code exporter}, which must not block. */
    public void exportTo(Consumer<List<HistoryPoint>> exporter) {
        this.export = exporter;
    }

    /** Starts flushing every {@code every} and applying retention every minute. */
    public void start(Duration every) {
        thread.scheduleWithFixedDelay(this::flushQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::retainQuietly, 1, 60, TimeUnit.SECONDS);
    }

    /** Drains the recorder and writes what is pending now, on the writer's thread; true when all was written. */
    public boolean flushNow() {
        try {
            return thread.submit(this::flush).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("history flush failed", e.getCause());
        }
    }

    /**
     * Queues an alert transition for the next flush (any thread, never blocks); beyond {@code maxPending}
     * waiting transitions it is dropped and counted.
     */
    public void recordTransition(TransitionRow row) {
        if (incomingCount.incrementAndGet() + pendingTransitions.size() > maxPending) {
            incomingCount.decrementAndGet();
            dropped++;
            return;
        }
        incoming.add(row);
    }

    /** Buckets waiting for the database. */
    public int pending() {
        return pendingCount;
    }

    /** Points dropped because {@code maxPending} buckets were already waiting. */
    public long dropped() {
        return dropped;
    }

    /** Buckets written since start. */
    public long written() {
        return written;
    }

    /** Flushes that failed (database unreachable or refusing). */
    public long failures() {
        return failures;
    }

    /** The last write error, or null after a successful write. */
    public String lastError() {
        return lastError;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "RTDA-HIST-003 history flush failed unexpectedly", e);
        }
    }

    private boolean flush() {
        List<HistoryPoint> drained = recorder.drain();
        if (!drained.isEmpty()) {
            export.accept(drained);
        }
        for (HistoryPoint point : drained) {
            for (HistoryLevel level : levels) {
                HistoryPoint p = point.rebucket(level.stepMillis());
                Key key = new Key(p.stream(), p.stepMillis(), p.start());
                HistoryPoint before = pending.get(key);
                if (before != null) {
                    pending.put(key, before.merge(p, p.stepMillis(), p.start()));
                } else if (pending.size() < maxPending) {
                    pending.put(key, p);
                } else {
                    dropped++;
                }
            }
        }
        for (TransitionRow row = incoming.poll(); row != null; row = incoming.poll()) {
            incomingCount.decrementAndGet();
            pendingTransitions.add(row);
        }
        pendingCount = pending.size();
        try {
            migrate();
            if (pending.isEmpty() && pendingTransitions.isEmpty()) {
                return true;
            }
            Connection c = connection();
            if (!pendingTransitions.isEmpty()) {
                store.write(c, List.of(), pendingTransitions);
                pendingTransitions.clear();
            }
            List<HistoryPoint> all = new ArrayList<>(pending.values());
            for (int from = 0; from < all.size(); from += CHUNK) {
                store.write(c, all.subList(from, Math.min(all.size(), from + CHUNK)));
                written += Math.min(CHUNK, all.size() - from);
                for (HistoryPoint p : all.subList(from, Math.min(all.size(), from + CHUNK))) {
                    pending.remove(new Key(p.stream(), p.stepMillis(), p.start()));
                }
            }
            if (lastError != null) {
                LOG.log(Level.INFO, "RTDA-HIST-002 history database reachable again: {0}", store.url());
            }
            lastError = null;
            return true;
        } catch (SQLException | FlywayException e) {
            failed(e);
            return false;
        } finally {
            pendingCount = pending.size();
        }
    }

    private void retainQuietly() {
        long now = wallClock.getAsLong();
        try {
            migrate();
            Connection c = connection();
            for (HistoryLevel level : levels) {
                store.deleteBefore(c, level.stepMillis(), now - level.retention().toMillis());
            }
        } catch (SQLException | FlywayException e) {
            failed(e);
        }
    }

    /** Brings the schema up to date once; retried on the next flush while the database is unreachable. */
    private void migrate() {
        if (!migrated) {
            int applied = store.migrate();
            migrated = true;
            LOG.log(Level.INFO, "RTDA-HIST-005 history schema up to date at {0} ({1} migrations applied)",
                    store.url(), applied);
        }
    }

    private void failed(Exception e) {
        failures++;
        if (lastError == null) {
            LOG.log(Level.WARNING, "RTDA-HIST-001 history database unavailable ({0}: {1}); ingest continues and "
                    + "up to {2} buckets wait in memory until it returns", store.url(), e.getMessage(), maxPending);
        }
        lastError = e.getMessage();
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isValid(5)) {
            closeConnection();
        }
        if (connection == null) {
            connection = store.connect();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; a new one is opened on the next flush.
            }
            connection = null;
        }
    }

    /** Stops the thread after a last flush (best effort) and closes the connection. */
    @Override
    public void close() {
        try {
            thread.submit(this::flushQuietly).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "RTDA-HIST-004 last history flush did not finish: " + e);
        }
        thread.shutdownNow();
        closeConnection();
    }
}
