package io.rtda.accelerator.window;

import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.WindowStats;

/**
 * One stream's samples: a ring buffer of event times and values in two primitive arrays, sorted by event
 * time, with power-of-two capacity that starts small and grows to what the count window and time window
 * need (bounded by {@link WindowConfig#maxSamples()}). Not thread-safe: its owner (one stream slot in the
 * engine) serializes access.
 */
public final class StreamWindow {
    private static final int INITIAL_CAPACITY = 16;

    private final int countSize;
    private final long spanMillis;
    private final long toleranceMillis;
    private final int maxSamples;
    private final int maxCapacity;
    private double[] values;
    private long[] times;
    private int head;
    private int size;

    public StreamWindow(WindowConfig config) {
        this.countSize = config.countSize();
        this.spanMillis = config.timeSpan().toMillis();
        this.toleranceMillis = config.lateTolerance().toMillis();
        this.maxSamples = config.maxSamples();
        this.maxCapacity = powerOfTwoAtLeast(maxSamples);
        int initial = Math.min(INITIAL_CAPACITY, maxCapacity);
        values = new double[initial];
        times = new long[initial];
    }

    /** Offers one sample; see {@link AppendOutcome} for what can happen. */
    public AppendOutcome append(long ts, double value) {
        return append(ts, value, false);
    }

    /**
     * As {@link #append(long, double)}; with {@code anyLag} a sample older than the late tolerance allows is
     * placed by event time too, if the window still retains its time (a replay of samples once accepted, in an
     * order that may differ from the one they were accepted in).
     */
    public AppendOutcome append(long ts, double value, boolean anyLag) {
        value += 0.0; // -0.0 becomes 0.0, so every backend's min, max and quantiles agree on the sign of zero
        if (size == 0) {
            push(ts, value);
            return AppendOutcome.APPENDED;
        }
        long newest = times[physical(size - 1)];
        if (ts > newest) {
            push(ts, value);
            return AppendOutcome.APPENDED;
        }
        int p = upperBound(ts);
        if (storedAt(p, ts, value)) {
            return AppendOutcome.DUPLICATE;
        }
        long lag = newest - ts;
        if (lag < 0 || (lag > toleranceMillis && !anyLag)) {
            return AppendOutcome.LATE;
        }
        if (p == size) {
            push(ts, value);
            return AppendOutcome.APPENDED;
        }
        if (full() && !mustGrow(newest)) {
            if (p == 0) {
                return AppendOutcome.LATE;
            }
            evictOldest();
            p--;
        } else if (size == values.length) {
            grow();
        }
        int mask = values.length - 1;
        for (int i = size; i > p; i--) {
            int to = (head + i) & mask;
            int from = (head + i - 1) & mask;
            values[to] = values[from];
            times[to] = times[from];
        }
        int at = physical(p);
        values[at] = value;
        times[at] = ts;
        size++;
        return AppendOutcome.INSERTED;
    }

    /**
     * Copies every retained sample, oldest first, into {@code times} and {@code values} (each at least
     * {@link #size()} long); returns how many.
     */
    public int copyRetained(long[] times, double[] values) {
        for (int i = 0; i < size; i++) {
            int at = physical(i);
            times[i] = this.times[at];
            values[i] = this.values[at];
        }
        return size;
    }

    /** Samples retained (at least the count window's, more when the time window needs them). */
    public int size() {
        return size;
    }

    public int capacity() {
        return values.length;
    }

    public long newestTimestamp() {
        return size == 0 ? Long.MIN_VALUE : times[physical(size - 1)];
    }

    /** Number of samples in the given window. */
    public int windowSize(WindowKind kind) {
        return size - windowStart(kind);
    }

    /**
     * True when the time window is cut short: retention is at its maximum and the oldest retained sample
     * is still inside the time span.
     */
    public boolean timeWindowTruncated() {
        return size == maxSamples && times[physical(0)] > timeWindowFloor(newestTimestamp());
    }

    /** Statistics of the given window. */
    public WindowStats stats(WindowKind kind, StatsCalculator calculator, boolean withQuantiles) {
        int from = windowStart(kind);
        return calculator.compute(values, times, values.length - 1, physical(from), size - from, withQuantiles);
    }

    /**
     * Statistics of the count window from sums (and optionally quantiles) a device computed over its mirror
     * of this window; see {@link StatsCalculator#fromDevice}.
     */
    public WindowStats countStatsFromDevice(StatsCalculator calculator, double[] sums, int sumsOffset,
            boolean withQuantiles, double[] deviceQuantiles, int quantilesOffset) {
        int from = windowStart(WindowKind.COUNT);
        return calculator.fromDevice(values, times, values.length - 1, physical(from), size - from, sums, sumsOffset,
                withQuantiles, deviceQuantiles, quantilesOffset);
    }

    /** A live view of the given window; valid while the caller holds this stream's lock. */
    public WindowView view(WindowKind kind) {
        int from = windowStart(kind);
        int length = size - from;
        return new WindowView() {
            @Override
            public int size() {
                return length;
            }

            @Override
            public double value(int i) {
                return values[physical(from + i)];
            }

            @Override
            public long timestamp(int i) {
                return times[physical(from + i)];
            }
        };
    }

    private int windowStart(WindowKind kind) {
        if (kind == WindowKind.COUNT) {
            return Math.max(0, size - countSize);
        }
        if (size == 0) {
            return 0;
        }
        long newest = newestTimestamp();
        long oldestKept = timeWindowFloor(newest);
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[physical(mid)] > oldestKept) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Whether a sample equal to (ts, value) is stored just before logical index p (the upper bound of ts). */
    private boolean storedAt(int p, long ts, double value) {
        for (int i = p - 1; i >= 0 && times[physical(i)] == ts; i--) {
            if (values[physical(i)] == value) {
                return true;
            }
        }
        return false;
    }

    private int upperBound(long ts) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[physical(mid)] > ts) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private void push(long ts, double value) {
        if (full()) {
            if (mustGrow(Math.max(ts, newestTimestamp()))) {
                grow();
            } else {
                evictOldest();
            }
        }
        int at = physical(size);
        values[at] = value;
        times[at] = ts;
        size++;
    }

    /** No room without evicting or growing: the ring is full, or retention is at maxSamples. */
    private boolean full() {
        return size == values.length || size == maxSamples;
    }

    /** The buffer is full: grow when its oldest sample still belongs to a window and retention allows it. */
    private boolean mustGrow(long newest) {
        if (size >= maxSamples) {
            return false;
        }
        return size < countSize || times[physical(0)] > timeWindowFloor(newest);
    }

    private void evictOldest() {
        head = (head + 1) & (values.length - 1);
        size--;
    }

    private void grow() {
        int capacity = values.length * 2;
        double[] v = new double[capacity];
        long[] t = new long[capacity];
        int first = Math.min(size, values.length - head);
        System.arraycopy(values, head, v, 0, first);
        System.arraycopy(times, head, t, 0, first);
        System.arraycopy(values, 0, v, first, size - first);
        System.arraycopy(times, 0, t, first, size - first);
        values = v;
        times = t;
        head = 0;
    }

    /** {@code newest - span}, saturating at Long.MIN_VALUE for event times near the start of the long range. */
    private long timeWindowFloor(long newest) {
        long floor = newest - spanMillis;
        return floor > newest ? Long.MIN_VALUE : floor;
    }

    private static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private int physical(int logical) {
        return (head + logical) & (values.length - 1);
    }
}
