package io.rtda.models.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The per-stream states of a detector whose streams do not share a model: each reading is scored from its
 * own stream's state, created on the stream's first reading. This is the loop of
 * {@link StreamingDetector#observe} for such detectors. Not thread-safe: the owning detector serializes calls.
 *
 * <p>With {@code threads > 1}, a call with enough readings is split by stream over the calling thread and
 * {@code threads - 1} workers this object owns ({@link #close} stops them): all readings of a stream go to
 * one thread, in their order, so every stream sees exactly the sequence the one-thread loop gives it and the
 * scores are the same. The call returns when every part is done.
 *
 * @param <S> one stream's state
 */
public final class PerStream<S> implements AutoCloseable {
    /** Below this many readings per thread a call runs on the calling thread alone. */
    static final int MIN_PER_THREAD = 8;

    /** Scores one reading from its stream's state, then learns it. */
    @FunctionalInterface
    public interface Step<S> {
        AnomalyScore observe(S state, long timestamp, double value);
    }

    private final Map<String, S> states = new HashMap<>();
    private final Function<String, S> create;
    private final int threads;
    private final ExecutorService workers;

    /** @param create the state of a stream seen for the first time, given its id */
    public PerStream(Function<String, S> create) {
        this(create, 1, "");
    }

    /**
     * @param create  the state of a stream seen for the first time, given its id
     * @param threads threads a large call is split over, the calling one included (1: no workers)
     * @param name    prefix of the workers' thread names
     */
    public PerStream(Function<String, S> create, int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.create = create;
        this.threads = threads;
        AtomicInteger made = new AtomicInteger();
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, name + "-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Scores the first {@code count} readings, each with its stream's state; results in input order. */
    public AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count, Step<S> step) {
        AnomalyScore[] out = new AnomalyScore[count];
        if (workers == null || count < MIN_PER_THREAD * threads) {
            for (int i = 0; i < count; i++) {
                out[i] = step.observe(states.computeIfAbsent(ids[i], create), timestamps[i],
                        StreamingDetector.bounded(values[i]));
            }
            return out;
        }
        List<S> resolved = new ArrayList<>(count);
        int[] part = new int[count];
        int[] sizes = new int[threads];
        for (int i = 0; i < count; i++) {
            resolved.add(states.computeIfAbsent(ids[i], create));
            part[i] = Math.floorMod(ids[i].hashCode(), threads);
            sizes[part[i]]++;
        }
        int[][] rows = new int[threads][];
        for (int p = 0; p < threads; p++) {
            rows[p] = new int[sizes[p]];
            sizes[p] = 0;
        }
        for (int i = 0; i < count; i++) {
            rows[part[i]][sizes[part[i]]++] = i;
        }
        List<Future<?>> running = new ArrayList<>(threads - 1);
        for (int p = 1; p < threads; p++) {
            int[] mine = rows[p];
            running.add(workers.submit(() -> run(mine, resolved, timestamps, values, step, out)));
        }
        RuntimeException failure = null;
        try {
            run(rows[0], resolved, timestamps, values, step, out);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : running) {
            RuntimeException e = await(f);
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static <S> void run(int[] rows, List<S> resolved, long[] timestamps, double[] values, Step<S> step,
            AnomalyScore[] out) {
        for (int i : rows) {
            out[i] = step.observe(resolved.get(i), timestamps[i], StreamingDetector.bounded(values[i]));
        }
    }

    /** Waits for a part even if interrupted (no worker may touch a state after the call returns). */
    private static RuntimeException await(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    return cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The states by stream id, for a checkpoint (a read-only view). */
    public Map<String, S> states() {
        return Collections.unmodifiableMap(states);
    }

    /** Replaces every state with {@code restored}, for a restore. */
    public void replaceAll(Map<String, S> restored) {
        states.clear();
        states.putAll(restored);
    }

    /** Stops the workers, if any. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
