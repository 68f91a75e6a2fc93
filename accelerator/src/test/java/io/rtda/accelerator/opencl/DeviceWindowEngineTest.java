package io.rtda.accelerator.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.ingest.BatchResult;
import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsKernelContract;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The window engine with its count windows mirrored on an OpenCL device gives the same per-batch results
 * and statistics as the host engine, through in-order appends, out-of-order inserts (ring re-uploads),
 * duplicates, late readings, ring wrap-around and device growth to more streams.
 */
class DeviceWindowEngineTest {
    private static final long SEED = Long.getLong("rtda.test.seed", 0x0C1L);
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldMatchTheHostEngineBatchByBatch() {
        OpenClDevice cl = OpenClTestDevice.require();
        WindowConfig config = new WindowConfig(100, Duration.ofSeconds(30), Duration.ofSeconds(2), 4096, 10_000, null);
        int streams = 60;
        List<String> hostJudged = new java.util.ArrayList<>();
        List<String> deviceJudged = new java.util.ArrayList<>();
        try (WindowEngine<Void> host = engine(config, null, hostJudged);
                WindowEngine<Void> onDevice = engine(config, new OpenClWindows(cl, 8, 128), deviceJudged)) {
            SplittableRandom random = new SplittableRandom(SEED);
            long[] clock = new long[streams];
            for (int b = 0; b < 60; b++) {
                ReadingBatch batch = batch(random, clock, streams, 1 + random.nextInt(400));
                BatchResult expected = host.apply(batch);
                BatchResult actual = onDevice.apply(batch);
                String context = "batch " + b + " seed=" + SEED;
                assertEquals(expected, actual, context);
                assertEquals(hostJudged.stream().sorted().toList(), deviceJudged.stream().sorted().toList(),
                        "streams analyzed and their fresh samples, " + context);
                hostJudged.clear();
                deviceJudged.clear();
            }
            for (int s = 0; s < streams; s++) {
                String id = "s" + s;
                StreamSnapshot<Void> h = host.snapshot(id).orElseThrow();
                StreamSnapshot<Void> d = onDevice.snapshot(id).orElseThrow();
                assertEquals(h.readings(), d.readings(), id);
                WindowStats expected = h.stats();
                StatsKernelContract.assertMatches(expected, d.stats(), id + " seed=" + SEED);
            }
            assertTrue(onDevice.device().orElseThrow().capacity() >= 100);
        }
    }

    @Test
    void shouldRestoreExportedStreamsOnTheHostAndTheDeviceAndContinueIdentically() {
        OpenClDevice cl = OpenClTestDevice.require();
        WindowConfig config = new WindowConfig(100, Duration.ofSeconds(30), Duration.ofSeconds(2), 4096, 10_000, null);
        int streams = 40;
        SplittableRandom random = new SplittableRandom(SEED + 1);
        long[] clock = new long[streams];
        try (WindowEngine<Void> original = engine(config, null);
                WindowEngine<Void> restoredHost = engine(config, null);
                WindowEngine<Void> restoredDevice = engine(config, new OpenClWindows(cl, 8, 128))) {
            for (int b = 0; b < 30; b++) {
                original.apply(batch(random, clock, streams, 1 + random.nextInt(400)));
            }
            ReadingBatch tagged = new ReadingBatch(1);
            tagged.add(0, "s0", T0 + clock[0] + 1, 1.5, Map.of("site", "north"));
            original.apply(tagged);
            int exported = original.exportStreams((id, tags, readings, times, values, count) -> {
                restoredHost.restoreStream(id, tags, readings, times, values, count);
                restoredDevice.restoreStream(id, tags, readings, times, values, count);
            });
            assertEquals(original.streamCount(), exported);
            ReadingBatch next = batch(random, clock, streams, 300);
            BatchResult expected = original.apply(next);
            assertEquals(expected, restoredHost.apply(next), "host engine after restore");
            assertEquals(expected, restoredDevice.apply(next), "device engine after restore");
            for (int s = 0; s < streams; s++) {
                String id = "s" + s;
                StreamSnapshot<Void> o = original.snapshot(id).orElseThrow();
                for (WindowEngine<Void> restored : List.of(restoredHost, restoredDevice)) {
                    StreamSnapshot<Void> r = restored.snapshot(id).orElseThrow();
                    assertEquals(o.readings(), r.readings(), id);
                    assertEquals(o.tags(), r.tags(), id);
                    StatsKernelContract.assertMatches(o.stats(), r.stats(), id + " count window");
                    StatsKernelContract.assertMatches(original.stats(id, WindowKind.TIME)
                            .orElseThrow(), restored.stats(id, WindowKind.TIME)
                            .orElseThrow(), id + " time window");
                }
            }
            assertEquals("north", restoredDevice.snapshot("s0").orElseThrow().tags().get("site"));
        }
    }

    @Test
    void shouldPublishFromTheHostWhenADeviceStepFailsAndReuploadTheStreamsItTouched() {
        OpenClDevice cl = OpenClTestDevice.require();
        WindowConfig config = new WindowConfig(100, Duration.ofSeconds(30), Duration.ofSeconds(2), 4096, 10_000, null);
        int streams = 30;
        FailingDevice failing = new FailingDevice(new OpenClWindows(cl, 8, 128));
        try (WindowEngine<Void> host = engine(config, null);
                WindowEngine<Void> onDevice = new WindowEngine<>(config, new ScalarStatsKernel(), failing,
                        WindowAnalyzer.none(), () -> T0, true)) {
            SplittableRandom random = new SplittableRandom(SEED + 2);
            long[] clock = new long[streams];
            for (int b = 0; b < 40; b++) {
                failing.failCompute = b == 5 || b == 6;
                failing.failGrowth = b == 12;
                ReadingBatch batch = batch(random, clock, streams, 1 + random.nextInt(300));
                assertEquals(host.apply(batch), onDevice.apply(batch), "batch " + b + " seed=" + SEED);
                for (int s = 0; s < streams; s++) {
                    String id = "s" + s;
                    if (host.snapshot(id).isPresent()) {
                        StatsKernelContract.assertMatches(host.snapshot(id).orElseThrow().stats(),
                                onDevice.snapshot(id).orElseThrow().stats(), id + " after batch " + b);
                    }
                }
            }
            assertTrue(failing.failures >= 3, "the device failed " + failing.failures + " times");
        }
    }

    @Test
    void shouldMatchTheHostWhenOneBatchAppendsMoreToAStreamThanItsRingHolds() {
        OpenClDevice cl = OpenClTestDevice.require();
        WindowConfig config = new WindowConfig(100, Duration.ofSeconds(30), Duration.ofSeconds(2), 4096, 10_000, null);
        try (WindowEngine<Void> host = engine(config, null);
                WindowEngine<Void> onDevice = engine(config, new OpenClWindows(cl, 8, 128))) {
            SplittableRandom random = new SplittableRandom(SEED + 3);
            for (int b = 0; b < 3; b++) {
                ReadingBatch batch = new ReadingBatch(1000);
                for (int i = 0; i < 1000; i++) {
                    batch.add(i, i % 10 == 0 ? "other" : "replay", T0 + b * 10_000L + i, random.nextGaussian(), null);
                }
                assertEquals(host.apply(batch), onDevice.apply(batch), "batch " + b);
                for (String id : List.of("replay", "other")) {
                    StatsKernelContract.assertMatches(host.snapshot(id).orElseThrow().stats(),
                            onDevice.snapshot(id).orElseThrow().stats(), id + " after batch " + b);
                }
            }
        }
    }

    @Test
    void shouldNotDeadlockWhenAStreamIsRestoredWhileBatchesArrive() throws Exception {
        OpenClDevice cl = OpenClTestDevice.require();
        WindowConfig config = new WindowConfig(100, Duration.ofSeconds(30), Duration.ofSeconds(2), 4096, 10_000, null);
        try (WindowEngine<Void> onDevice = engine(config, new OpenClWindows(cl, 8, 128))) {
            long[] times = new long[50];
            double[] values = new double[50];
            for (int i = 0; i < 50; i++) {
                times[i] = T0 + i;
                values[i] = i;
            }
            Thread ingest = new Thread(() -> {
                for (int b = 0; b < 400; b++) {
                    ReadingBatch batch = new ReadingBatch(2);
                    batch.add(0, "r" + b, T0 + 100, 1.0, null);
                    batch.add(1, "r" + (b + 1), T0 + 100, 2.0, null);
                    onDevice.apply(batch);
                }
            });
            ingest.start();
            for (int b = 0; b < 400; b++) {
                try {
                    onDevice.restoreStream("r" + b, Map.of(), 50, times, values, 50);
                } catch (IllegalStateException alreadyThere) {
                    // the batch created it first: that is allowed, a deadlock is not
                }
            }
            ingest.join(30_000);
            assertTrue(!ingest.isAlive(), "ingest is stuck: restore and a batch deadlocked");
        }
    }

    /** A device that fails where a test says, as a driver or an out-of-memory device would. */
    private static final class FailingDevice implements DeviceWindows {
        private final DeviceWindows device;
        boolean failCompute;
        boolean failGrowth;
        int failures;

        FailingDevice(DeviceWindows device) {
            this.device = device;
        }

        @Override
        public String describe() {
            return device.describe();
        }

        @Override
        public int capacity() {
            return device.capacity();
        }

        @Override
        public void ensureStreams(int n) {
            if (failGrowth) {
                failures++;
                throw new DeviceMemoryException("test: no room for " + n + " streams", null);
            }
            device.ensureStreams(n);
        }

        @Override
        public void append(int n, int[] slot, int[] index, double[] values, long[] times) {
            device.append(n, slot, index, values, times);
        }

        @Override
        public void uploadRing(int slot, double[] values, long[] times) {
            device.uploadRing(slot, values, times);
        }

        @Override
        public void compute(int count, int[] spec, double[] moments, double[] quantiles) {
            if (failCompute) {
                device.compute(count, spec, moments, quantiles); // the samples reached the device, or some did
                failures++;
                throw new IllegalStateException("test: the device step failed");
            }
            device.compute(count, spec, moments, quantiles);
        }

        @Override
        public void close() {
            device.close();
        }
    }

    /** Readings for random streams: mostly in order, some jittered back within tolerance, some late, some repeated. */
    private static ReadingBatch batch(SplittableRandom random, long[] clock, int streams, int size) {
        ReadingBatch batch = new ReadingBatch(size);
        for (int i = 0; i < size; i++) {
            int s = random.nextInt(streams);
            clock[s] += random.nextInt(1, 400);
            long ts = clock[s] + T0;
            int kind = random.nextInt(20);
            if (kind == 0) {
                ts -= random.nextInt(0, 1500);
            } else if (kind == 1) {
                ts -= 10_000;
            }
            double value = kind == 2 ? 7.0 : random.nextGaussian() * 5 + s;
            batch.add(i, "s" + s, ts, value, null);
            if (kind == 3) {
                batch.add(i, "s" + s, ts, value, null);
            }
        }
        return batch;
    }

    private static WindowEngine<Void> engine(WindowConfig config, OpenClWindows device) {
        return new WindowEngine<>(config, new ScalarStatsKernel(), device, WindowAnalyzer.none(), () -> T0, true);
    }

    /** An engine whose analyzer records each analyzed stream with the fresh samples it was handed. */
    private static WindowEngine<Void> engine(WindowConfig config, OpenClWindows device, List<String> judged) {
        return new WindowEngine<>(config, new ScalarStatsKernel(), device, (stream, stats, window, fresh, previous) -> {
            judged.add(stream + "/" + fresh);
            return null;
        }, () -> T0, true);
    }
}
