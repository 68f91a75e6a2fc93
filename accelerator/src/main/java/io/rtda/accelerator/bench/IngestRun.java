package io.rtda.accelerator.bench;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowView;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * One ingest measurement: a {@link WindowEngine} with {@code streams} count windows of {@code window}
 * samples, fed batches that bring {@code perStream} readings to every stream, interleaved across streams
 * (reading j of every stream, then reading j + 1, ...), at event times one second apart per stream. Batches
 * come from a small pool allocated up front and refilled in place between timed calls, so neither batch
 * allocation nor refilling is measured; only {@link WindowEngine#apply} is timed. The windows are filled
 * before measuring. Single-threaded: the rates are per core.
 */
final class IngestRun {
    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP_MILLIS = 1000;
    private static final int POOL = 4;

    /**
     * @param readings        readings applied while measuring
     * @param applyNanos      time spent inside apply
     * @param apply           apply latency per batch
     * @param streamUpdate    time between consecutive stream publishes inside one apply: one stream's
     *                        appends, statistics and snapshot
     * @param beforeFirst     apply start to the first publish: grouping the batch plus the first stream
     * @param allocatedBytes  heap allocated by the measuring thread while measuring (-1 if unknown)
     */
    record Result(String backend, String mode, long readings, long applyNanos, LatencySamples apply,
            LatencySamples streamUpdate, LatencySamples beforeFirst, long allocatedBytes) {
        double readingsPerSecond() {
            return readings * 1e9 / applyNanos;
        }

        /** Bytes allocated per applied batch (refilling the pooled batches allocates nothing). */
        double allocatedPerBatch() {
            return allocatedBytes < 0 ? Double.NaN : allocatedBytes / (double) apply.size();
        }
    }

    private final BenchOptions options;
    private final double[] valueTable;
    private final String[] ids;
    private final ReadingBatch[] pool = new ReadingBatch[POOL];
    private long batchSeq;

    IngestRun(BenchOptions options, double[] valueTable) {
        this.options = options;
        this.valueTable = valueTable;
        this.ids = new String[options.streams()];
        for (int s = 0; s < ids.length; s++) {
            ids[s] = String.format("bench/stream-%06d", s);
        }
        for (int i = 0; i < POOL; i++) {
            pool[i] = new ReadingBatch(options.streams() * options.perStream());
        }
    }

    Result run(StatsKernel kernel, boolean quantiles) {
        return run(kernel, null, quantiles);
    }

    /** With {@code device} non-null the engine mirrors its count windows there (and closes it). */
    Result run(StatsKernel kernel, DeviceWindows device, boolean quantiles) {
        WindowConfig config = new WindowConfig(options.window(), Duration.ofSeconds(60), Duration.ofSeconds(5),
                options.window(), options.streams(), null);
        PublishClock clock = new PublishClock(options.streams());
        try (WindowEngine<Void> engine = new WindowEngine<>(config, kernel, device, clock, System::currentTimeMillis,
                quantiles)) {
            return measure(engine, clock, device == null ? kernel.name() : "opencl", quantiles);
        }
    }

    private Result measure(WindowEngine<Void> engine, PublishClock clock, String backend, boolean quantiles) {
        batchSeq = 0;
        int fillBatches = (options.window() + options.perStream() - 1) / options.perStream();
        long warmEnd = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
        for (int b = 0; b < fillBatches || System.nanoTime() < warmEnd; b++) {
            ReadingBatch batch = nextBatch();
            checkAllAccepted(engine.apply(batch), batch);
        }
        LatencySamples apply = new LatencySamples();
        LatencySamples streamUpdate = new LatencySamples();
        LatencySamples beforeFirst = new LatencySamples();
        long readings = 0;
        long applyNanos = 0;
        long allocatedBefore = allocatedBytes();
        long end = System.nanoTime() + (long) (options.seconds() * 1e9);
        while (System.nanoTime() < end) {
            ReadingBatch batch = nextBatch();
            clock.reset();
            long start = System.nanoTime();
            BatchResult result = engine.apply(batch);
            long elapsed = System.nanoTime() - start;
            checkAllAccepted(result, batch);
            apply.add(elapsed);
            applyNanos += elapsed;
            readings += result.accepted();
            clock.drainInto(start, streamUpdate, beforeFirst);
        }
        long allocatedAfter = allocatedBytes();
        long allocated = allocatedBefore < 0 || allocatedAfter < 0 ? -1 : allocatedAfter - allocatedBefore;
        return new Result(backend, quantiles ? "quantiles" : "moments", readings, applyNanos, apply,
                streamUpdate, beforeFirst, allocated);
    }

    /** Refills the next pooled batch in place: no allocation, same stream id instances every time. */
    private ReadingBatch nextBatch() {
        ReadingBatch batch = pool[(int) (batchSeq % POOL)];
        batch.clear();
        int perStream = options.perStream();
        int mask = valueTable.length - 1;
        int index = 0;
        for (int j = 0; j < perStream; j++) {
            long seq = batchSeq * perStream + j;
            long ts = T0 + seq * STEP_MILLIS;
            for (int s = 0; s < ids.length; s++) {
                double value = valueTable[(int) ((s * 0x9E3779B9L + seq) & mask)];
                batch.add(index++, ids[s], ts, value, null);
            }
        }
        batchSeq++;
        return batch;
    }

    /** Bytes this thread allocated so far, where the JVM reports it (HotSpot does); -1 otherwise. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx) {
            return mx.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    private static void checkAllAccepted(BatchResult result, ReadingBatch batch) {
        if (result.accepted() != batch.size()) {
            throw new IllegalStateException("workload broken: " + result.accepted() + " of " + batch.size()
                    + " readings accepted (" + result.duplicates() + " duplicates, first rejection "
                    + (result.rejected().isEmpty() ? "none" : result.rejected().get(0)) + ")");
        }
    }

    /** An analyzer that only notes when each stream was published; one nanoTime call per stream. */
    private static final class PublishClock implements WindowAnalyzer<Void> {
        private final long[] stamps;
        private int count;

        PublishClock(int streams) {
            stamps = new long[streams];
        }

        @Override
        public Void analyze(String stream, WindowStats stats, WindowView window, int fresh, Void previous) {
            if (count < stamps.length) {
                stamps[count++] = System.nanoTime();
            }
            return null;
        }

        void reset() {
            count = 0;
        }

        void drainInto(long applyStart, LatencySamples streamUpdate, LatencySamples beforeFirst) {
            if (count == 0) {
                return;
            }
            beforeFirst.add(stamps[0] - applyStart);
            for (int i = 1; i < count; i++) {
                streamUpdate.add(stamps[i] - stamps[i - 1]);
            }
        }
    }
}
