package io.rtda.accelerator.ingest;

import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.AppendOutcome;
import io.rtda.accelerator.window.StreamWindow;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.accelerator.window.WindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Owns every stream's window and latest snapshot. {@link #apply} is safe to call from many threads: each
 * stream is updated under its own lock, and different streams proceed in parallel. Reads of snapshots
 * never block ingest. With a {@link BatchWindowAnalyzer}, batches are applied one at a time (streams are still
 * updated under their own locks) and every stream a batch touched is analyzed in one call. With a {@link
 * DeviceWindows}, count windows are mirrored on the device and their statistics computed there, one batch at a
 * time (the device has one owner); the engine then owns the device and frees it in {@link #close()}.
 *
 * @param <A> the analysis result type produced by the {@link WindowAnalyzer}
 */
public final class WindowEngine<A> implements AutoCloseable {
    /** Earliest and latest event time accepted: 0000-01-01T00:00Z and 9999-12-31T23:59:59.999Z. */
    public static final long MIN_EVENT_TIME = -62_167_219_200_000L;
    public static final long MAX_EVENT_TIME = 253_402_300_799_999L;
    private final WindowConfig config;
    private final WindowAnalyzer<A> analyzer;
    /** The analyzer when it analyzes whole batches (then batches are applied one at a time), else null. */
    private final BatchWindowAnalyzer<A> batched;
    private final Object batchOrder = new Object();
    private final LongSupplier wallClock;
    private final boolean quantilesEveryBatch;
    private final ThreadLocal<StatsCalculator> calculators;
    private final ThreadLocal<BatchGroups<Slot<A>>> groupings = ThreadLocal.withInitial(BatchGroups::new);
    private final ConcurrentNavigableMap<String, Slot<A>> slots = new ConcurrentSkipListMap<>();
    private final AtomicInteger streamCount = new AtomicInteger();
    private final AtomicInteger slotNumbers = new AtomicInteger();
    /** Serializes stream creation (rare), so the max-streams count is exact. */
    private final Object creation = new Object();
    private final DeviceMirror mirror;

    /**
     * @param quantilesEveryBatch true recomputes exact quantiles for every stream a batch touches; false
     *                            leaves them to queries (moments, min and max stay current either way)
     */
    public WindowEngine(WindowConfig config, StatsKernel kernel, WindowAnalyzer<A> analyzer, LongSupplier wallClock,
            boolean quantilesEveryBatch) {
        this(config, kernel, null, analyzer, wallClock, quantilesEveryBatch);
    }

    /**
     * @param device the device that computes count-window statistics, or null for the host kernel alone;
     *               the engine takes ownership of it
     */
    public WindowEngine(WindowConfig config, StatsKernel kernel, DeviceWindows device, WindowAnalyzer<A> analyzer,
            LongSupplier wallClock, boolean quantilesEveryBatch) {
        this.config = config;
        this.analyzer = analyzer;
        this.batched = analyzer instanceof BatchWindowAnalyzer<A> b ? b : null;
        this.wallClock = wallClock;
        this.quantilesEveryBatch = quantilesEveryBatch;
        this.calculators = ThreadLocal.withInitial(() -> new StatsCalculator(kernel));
        this.mirror = device == null ? null : new DeviceMirror(device, config.countSize(), quantilesEveryBatch);
    }

    /** The device computing count-window statistics, if any. */
    public Optional<DeviceWindows> device() {
        return mirror == null ? Optional.empty() : Optional.of(mirror.device());
    }

    /** Frees the device, if any. */
    @Override
    public void close() {
        if (mirror != null) {
            synchronized (mirror) {
                mirror.device().close();
            }
        }
    }

    public WindowConfig config() {
        return config;
    }

    /** Applies a batch: every valid record is stored even when others are refused. */
    public BatchResult apply(ReadingBatch batch) {
        return apply(batch, true, null);
    }

    /**
     * As {@link #apply(ReadingBatch)}, adding to {@code published} the snapshot this batch published for each
     * stream it updated: what its rules and dashboard must see, though a concurrent batch may already have
     * replaced it as the stream's latest.
     */
    public BatchResult apply(ReadingBatch batch, List<StreamSnapshot<A>> published) {
        return apply(batch, true, published);
    }

    /**
     * Applies readings this engine (or the one it was restored from) accepted once before, as a replay of a
     * log after a restart: as {@link #apply}, except that event times are not compared with the wall clock
     * ({@code maxClockSkew}), since they were when the readings arrived and the clock has moved on since, and
     * that a reading older than the late tolerance allows is still placed by event time where the window retains
     * its time: two requests can reach a log in the other order than they reached the windows.
     */
    public BatchResult replay(ReadingBatch batch) {
        return apply(batch, false, null);
    }

    private BatchResult apply(ReadingBatch batch, boolean live, List<StreamSnapshot<A>> published) {
        BatchGroups<Slot<A>> groups = groupings.get();
        if (!groups.claim(batch.size())) {
            groups = new BatchGroups<>();
            groups.claim(batch.size());
        }
        groups.replay(!live);
        try {
            return apply(batch, groups, published);
        } finally {
            groups.release();
        }
    }

    private BatchResult apply(ReadingBatch batch, BatchGroups<Slot<A>> groups, List<StreamSnapshot<A>> published) {
        if (batched != null) {
            synchronized (batchOrder) {
                List<Touched<A>> deferred = new ArrayList<>();
                BatchResult result = apply(batch, groups, deferred, published);
                finish(deferred, published);
                return result;
            }
        }
        return apply(batch, groups, null, published);
    }

    /**
     * With {@code deferred} non-null, touched streams are prepared there for one batch analysis; with
     * {@code published} non-null, each snapshot published is added to it.
     */
    private BatchResult apply(ReadingBatch batch, BatchGroups<Slot<A>> groups, List<Touched<A>> deferred,
            List<StreamSnapshot<A>> published) {
        if (mirror != null) {
            synchronized (mirror) {
                try {
                    return applyOnDevice(batch, groups, deferred, published);
                } finally {
                    mirror.reset();
                }
            }
        }
        List<Rejection> rejected = new ArrayList<>();
        group(batch, groups, rejected);
        int accepted = 0;
        int duplicates = 0;
        int updated = 0;
        StatsCalculator calculator = calculators.get();
        for (int g = 0; g < groups.groups(); g++) {
            Slot<A> slot = groups.target(g);
            synchronized (slot) {
                int late = rejected.size();
                long appended = appendGroup(slot, groups, g, batch, rejected);
                int stored = stored(appended);
                duplicates += groups.from(g + 1) - groups.from(g) - stored - (rejected.size() - late);
                if (stored > 0) {
                    accepted += stored;
                    updated++;
                    publishOrDefer(slot, stored, fresh(appended),
                            slot.window.stats(WindowKind.COUNT, calculator, quantilesEveryBatch), deferred, published);
                }
            }
        }
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return new BatchResult(accepted, duplicates, rejected, updated);
    }

    /**
     * The device path: host windows are updated stream by stream as on the host path, recording what the
     * device must mirror; then one flush does the batch's device work; then each touched stream publishes
     * statistics finished from the device's sums. Runs under the mirror's monitor, so batches are serial.
     */
    private BatchResult applyOnDevice(ReadingBatch batch, BatchGroups<Slot<A>> groups, List<Touched<A>> deferred,
            List<StreamSnapshot<A>> published) {
        List<Rejection> rejected = new ArrayList<>();
        group(batch, groups, rejected);
        int duplicates = 0;
        int highest = -1;
        int[] storedBy = new int[groups.groups()];
        int[] freshBy = new int[groups.groups()];
        int[] ordinal = new int[groups.groups()];
        for (int g = 0; g < groups.groups(); g++) {
            Slot<A> slot = groups.target(g);
            synchronized (slot) {
                int late = rejected.size();
                long appended = appendGroup(slot, groups, g, batch, rejected);
                storedBy[g] = stored(appended);
                freshBy[g] = fresh(appended);
                duplicates += groups.from(g + 1) - groups.from(g) - storedBy[g] - (rejected.size() - late);
                if (storedBy[g] > 0) {
                    ordinal[g] = mirror.touched(slot.number, slot.window);
                    highest = Math.max(highest, slot.number);
                }
            }
        }
        boolean onDevice = mirror.flush(highest);
        int accepted = 0;
        int updated = 0;
        StatsCalculator calculator = calculators.get();
        for (int g = 0; g < groups.groups(); g++) {
            if (storedBy[g] == 0) {
                continue;
            }
            Slot<A> slot = groups.target(g);
            synchronized (slot) {
                WindowStats stats = onDevice ? slot.window.countStatsFromDevice(calculator, mirror.sums(),
                        ordinal[g] * DeviceWindows.MOMENTS, quantilesEveryBatch, mirror.quantiles(),
                        ordinal[g] * DeviceWindows.QUANTILES)
                        : slot.window.stats(WindowKind.COUNT, calculator, quantilesEveryBatch);
                publishOrDefer(slot, storedBy[g], freshBy[g], stats, deferred, published);
            }
            accepted += storedBy[g];
            updated++;
        }
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return new BatchResult(accepted, duplicates, rejected, updated);
    }

    /**
     * Appends group {@code g}'s records to its stream's window (the caller holds the slot's lock) and returns
     * how many were stored and how many of them are fresh ({@link #stored}, {@link #fresh}); late records are
     * added to {@code rejected}, and the rest of the group were duplicates. With a device, stored samples are
     * recorded for mirroring.
     */
    private long appendGroup(Slot<A> slot, BatchGroups<Slot<A>> groups, int g, ReadingBatch batch,
            List<Rejection> rejected) {
        int stored = 0;
        int fresh = 0;
        long newestBefore = slot.window.newestTimestamp();
        for (int r = groups.from(g); r < groups.from(g + 1); r++) {
            int i = groups.record(r);
            long ts = batch.timestamp(i);
            AppendOutcome outcome = slot.window.append(ts, batch.value(i), groups.replaying());
            if (outcome == AppendOutcome.LATE) {
                rejected.add(late(batch.sourceIndex(i), ts, slot.window));
            } else if (outcome.stored()) {
                stored++;
                if (ts >= newestBefore) { // placed after the stream's newest sample before this batch
                    fresh++;
                }
                if (mirror != null && outcome == AppendOutcome.APPENDED) {
                    mirror.appended(slot.number, ts, batch.value(i));
                } else if (mirror != null) {
                    mirror.inserted(slot.number);
                }
            }
            // A refused record does not change which rules select the stream, nor does a replayed duplicate: the
            // stream held it already, with the tags of whatever came after it (a checkpoint's, or a later entry's).
            boolean setsTags = outcome != AppendOutcome.LATE
                    && !(groups.replaying() && outcome == AppendOutcome.DUPLICATE);
            if (batch.tags(i) != null && setsTags) {
                slot.tags = batch.tags(i);
            }
        }
        // Replayed readings (a handed-over partition, the readings log after a restart) were judged where and
        // when they first arrived: the stream's newest is judged, as for a restored stream.
        return (long) (groups.replaying() ? 1 : fresh) << 32 | stored;
    }

    /** Samples {@link #appendGroup} stored. */
    private static int stored(long appended) {
        return (int) appended;
    }

    /**
     * Of those, how many sit after the stream's newest sample before the batch: the newest samples the batch
     * brought, which the analyzer judges.
     */
    private static int fresh(long appended) {
        return (int) (appended >>> 32);
    }

    /**
     * The fresh samples still in the count window (a batch may push some out again), at least 1: a batch of
     * out-of-order samples only has the newest judged by a window analyzer again; a learning one repeats its
     * previous verdict, having nothing new to learn.
     */
    private static int inView(int fresh, WindowView view) {
        return Math.max(1, Math.min(fresh, view.size()));
    }

    /** The latest snapshot of a stream, if the stream exists. */
    public Optional<StreamSnapshot<A>> snapshot(String stream) {
        Slot<A> slot = slots.get(stream);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.latest);
    }

    /**
     * Statistics of one window of a stream, computed now (with quantiles) under the stream's lock; use
     * {@link #snapshot} for the count window's precomputed statistics.
     */
    public Optional<WindowStats> stats(String stream, WindowKind kind) {
        Slot<A> slot = slots.get(stream);
        if (slot == null) {
            return Optional.empty();
        }
        synchronized (slot) {
            return Optional.of(slot.window.stats(kind, calculators.get(), true));
        }
    }

    /** Whether the stream's time window is cut short by retention (see {@link WindowConfig#maxSamples()}). */
    public boolean timeWindowTruncated(String stream) {
        Slot<A> slot = slots.get(stream);
        if (slot == null) {
            return false;
        }
        synchronized (slot) {
            return slot.window.timeWindowTruncated();
        }
    }

    /** Receives one stream's retained samples, oldest first; the arrays are reused after the call returns. */
    @FunctionalInterface
    public interface StreamSink {
        void stream(String id, Map<String, String> tags, long readings, long[] times, double[] values, int count);
    }

    /**
     * Hands every stream's retained samples to {@code sink}, in id order, each copied under its stream's lock
     * (consistent per stream; streams updated meanwhile may be seen before or after the update). Returns the
     * number of streams.
     */
    public int exportStreams(StreamSink sink) {
        long[] times = new long[16];
        double[] values = new double[16];
        int exported = 0;
        for (Slot<A> slot : slots.values()) {
            int count;
            Map<String, String> tags;
            long readings;
            synchronized (slot) {
                if (slot.latest == null) {
                    continue;
                }
                if (times.length < slot.window.size()) {
                    times = new long[slot.window.capacity()];
                    values = new double[slot.window.capacity()];
                }
                count = slot.window.copyRetained(times, values);
                tags = slot.tags == null ? Map.of() : slot.tags;
                readings = slot.latest.readings();
            }
            sink.stream(slot.id, tags, readings, times, values, count);
            exported++;
        }
        return exported;
    }

    /**
     * Recreates a stream from exported samples (oldest first) before ingest resumes: the samples are placed
     * as they were, its statistics and analysis recomputed once, and its reading count set to
     * {@code readings}. Refused when the stream already exists or the server holds max-streams.
     */
    public void restoreStream(String id, Map<String, String> tags, long readings, long[] times, double[] values,
            int count) {
        if (slots.containsKey(id)) {
            throw new IllegalStateException("stream " + id + " exists already; restore before ingest starts");
        }
        Slot<A> slot = slot(id);
        if (slot == null) {
            throw new IllegalStateException("cannot restore stream " + id + ": rtda.window.max-streams ("
                    + config.maxStreams() + ") reached");
        }
        if (mirror == null) {
            fill(slot, tags, readings, times, values, count);
            return;
        }
        synchronized (mirror) { // the mirror before the stream, as a batch takes them, or the two deadlock
            fill(slot, tags, readings, times, values, count);
        }
    }

    private void fill(Slot<A> slot, Map<String, String> tags, long readings, long[] times, double[] values,
            int count) {
        synchronized (slot) {
            for (int i = 0; i < count; i++) {
                slot.window.append(times[i], values[i]);
            }
            slot.tags = tags.isEmpty() ? null : Map.copyOf(tags);
            if (mirror != null && count > 0) {
                mirror.upload(slot.number, slot.window);
            }
            publish(slot, 0, 1, calculators.get(), null); // a restored stream: its newest reading is judged
            StreamSnapshot<A> latest = slot.latest;
            slot.latest = new StreamSnapshot<>(slot.id, latest.updatedAt(), readings, latest.stats(),
                    latest.analysis(), latest.tags());
        }
    }

    /** Streams ordered by id, starting after {@code after} (null for the first page). */
    public StreamPage streams(String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        ConcurrentNavigableMap<String, Slot<A>> view = after == null ? slots : slots.tailMap(after, false);
        List<StreamPage.Entry> items = new ArrayList<>(Math.min(limit, 1024));
        String next = null;
        for (Slot<A> slot : view.values()) {
            StreamSnapshot<A> latest = slot.latest;
            if (latest == null) {
                continue;
            }
            if (items.size() == limit) {
                next = items.get(items.size() - 1).stream();
                break;
            }
            items.add(new StreamPage.Entry(slot.id, latest.updatedAt(), latest.readings()));
        }
        return new StreamPage(items, next, streamCount.get());
    }

    public int streamCount() {
        return streamCount.get();
    }

    /** Groups the batch's records by stream, refusing those out of clock skew or beyond max-streams. */
    private void group(ReadingBatch batch, BatchGroups<Slot<A>> groups, List<Rejection> rejected) {
        boolean clocked = config.maxClockSkew() != null && !groups.replaying();
        long now = clocked ? wallClock.getAsLong() : 0;
        long skew = clocked ? config.maxClockSkew().toMillis() : 0;
        for (int i = 0; i < batch.size(); i++) {
            long ts = batch.timestamp(i);
            if (ts < MIN_EVENT_TIME || ts > MAX_EVENT_TIME) {
                rejected.add(new Rejection(batch.sourceIndex(i), "ts", "event time " + ts + " is outside the "
                        + "years 0000-9999 (epoch milliseconds " + MIN_EVENT_TIME + " to " + MAX_EVENT_TIME
                        + "); was it sent in micro- or nanoseconds?"));
                groups.assign(i, -1);
                continue;
            }
            if (skew > 0 && (ts < now - skew || ts > now + skew)) {
                rejected.add(new Rejection(batch.sourceIndex(i), "ts", "event time " + Instant.ofEpochMilli(ts)
                        + " is more than rtda.ingest.max-clock-skew (" + config.maxClockSkew()
                        + ") from the server clock"));
                groups.assign(i, -1);
                continue;
            }
            String stream = batch.stream(i);
            int group = groups.find(stream);
            if (group < 0) {
                Slot<A> slot = slot(stream);
                if (slot == null) {
                    rejected.add(new Rejection(batch.sourceIndex(i), "stream", "new stream refused: the server "
                            + "holds rtda.window.max-streams (" + config.maxStreams() + ") streams already"));
                    groups.assign(i, -1);
                    continue;
                }
                group = groups.open(stream, slot);
            }
            groups.assign(i, group);
        }
        groups.layout(batch.size());
    }

    private Slot<A> slot(String stream) {
        Slot<A> slot = slots.get(stream);
        if (slot != null) {
            return slot;
        }
        // creation is rare and serialized, so two threads creating one stream cannot both count it
        synchronized (creation) {
            slot = slots.get(stream);
            if (slot != null || streamCount.get() >= config.maxStreams()) {
                return slot;
            }
            Slot<A> created = new Slot<>(stream, slotNumbers.getAndIncrement(), new StreamWindow(config));
            slots.put(stream, created);
            streamCount.incrementAndGet();
            return created;
        }
    }

    private void publish(Slot<A> slot, int stored, int fresh, StatsCalculator calculator,
            List<StreamSnapshot<A>> published) {
        publish(slot, stored, fresh, slot.window.stats(WindowKind.COUNT, calculator, quantilesEveryBatch), published);
    }

    private void publish(Slot<A> slot, int stored, int fresh, WindowStats stats, List<StreamSnapshot<A>> published) {
        StreamSnapshot<A> previous = slot.latest;
        WindowView view = slot.window.view(WindowKind.COUNT);
        A analysis = analyzer.analyze(slot.id, stats, view, inView(fresh, view),
                previous == null ? null : previous.analysis());
        setLatest(slot, stored, stats, analysis, published);
    }

    /** The caller holds the slot's lock. */
    private void setLatest(Slot<A> slot, int stored, WindowStats stats, A analysis,
            List<StreamSnapshot<A>> published) {
        StreamSnapshot<A> previous = slot.latest;
        long readings = (previous == null ? 0 : previous.readings()) + stored;
        slot.latest = new StreamSnapshot<>(slot.id, wallClock.getAsLong(), readings, stats, analysis,
                slot.tags == null ? Map.of() : slot.tags);
        if (published != null) {
            published.add(slot.latest);
        }
    }

    /** The caller holds the slot's lock: publishes now, or prepares the stream for {@link #finish}. */
    private void publishOrDefer(Slot<A> slot, int stored, int fresh, WindowStats stats, List<Touched<A>> deferred,
            List<StreamSnapshot<A>> published) {
        if (deferred == null) {
            publish(slot, stored, fresh, stats, published);
            return;
        }
        StreamSnapshot<A> previous = slot.latest;
        WindowView view = slot.window.view(WindowKind.COUNT);
        deferred.add(new Touched<>(slot, stored, stats, batched.prepare(slot.id, stats, view,
                inView(fresh, view), previous == null ? null : previous.analysis())));
    }

    /** Analyzes a batch's prepared streams in one call and publishes each; the caller holds batchOrder. */
    private void finish(List<Touched<A>> deferred, List<StreamSnapshot<A>> published) {
        if (deferred.isEmpty()) {
            return;
        }
        List<Object> prepared = new ArrayList<>(deferred.size());
        deferred.forEach(t -> prepared.add(t.prepared()));
        List<A> results = batched.analyzeAll(prepared);
        if (results.size() != deferred.size()) {
            throw new IllegalStateException("batch analyzer returned " + results.size() + " results for "
                    + deferred.size() + " streams");
        }
        for (int k = 0; k < deferred.size(); k++) {
            Touched<A> t = deferred.get(k);
            synchronized (t.slot()) {
                setLatest(t.slot(), t.stored(), t.stats(), results.get(k), published);
            }
        }
    }

    /** A stream a batch touched, prepared for the batch analysis. */
    private record Touched<A>(Slot<A> slot, int stored, WindowStats stats, Object prepared) {
    }

    private Rejection late(int index, long ts, StreamWindow window) {
        long newest = window.newestTimestamp();
        String lag = "late: event time " + Instant.ofEpochMilli(ts) + " is " + (newest - ts)
                + " ms older than the stream's newest event time " + Instant.ofEpochMilli(newest);
        if (ts <= newest && newest - ts <= config.lateTolerance().toMillis()) {
            return new Rejection(index, "ts", lag + ", within rtda.window.late-tolerance (" + config.lateTolerance()
                    + ") but older than every sample the stream retains: its retention is full at "
                    + "rtda.window.max-samples (" + config.maxSamples() + ")");
        }
        return new Rejection(index, "ts", lag + ", beyond rtda.window.late-tolerance (" + config.lateTolerance() + ")");
    }

    private static final class Slot<A> {
        final String id;
        /** Dense number, the stream's slot in device memory. */
        final int number;
        final StreamWindow window;
        Map<String, String> tags;
        volatile StreamSnapshot<A> latest;

        Slot(String id, int number, StreamWindow window) {
            this.id = id;
            this.number = number;
            this.window = window;
        }
    }
}
