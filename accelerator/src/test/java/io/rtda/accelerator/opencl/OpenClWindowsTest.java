package io.rtda.accelerator.opencl;

import static io.rtda.accelerator.stats.StatsKernelContract.assertMatches;
import static io.rtda.accelerator.stats.StatsKernelContract.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.StatsKernelContract;
import io.rtda.accelerator.stats.StatsKernelContract.Shape;
import io.rtda.accelerator.stats.StatsKernelContract.Window;
import io.rtda.accelerator.stats.StatsOracle;
import io.rtda.accelerator.stats.WindowStats;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenCL kernels against the same oracle and tolerances as the CPU kernels
 * ({@link StatsKernelContract}): order statistics exactly equal, sums within n * 1e-15 of the spread.
 * Each window is placed in the device ring at several offsets so it wraps around.
 */
class OpenClWindowsTest {
    private static final int CAPACITY = 8192;
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 4097, 8192};
    private static OpenClWindows device;
    /** The same device with no window kept in registers: every selection pass reads global memory. */
    private static OpenClWindows unregistered;
    /** The same device holding each window in local memory during the selection, where it fits. */
    private static OpenClWindows inLocal;

    @BeforeAll
    static void open() {
        device = new OpenClWindows(OpenClTestDevice.require(), 4, CAPACITY);
        unregistered = new OpenClWindows(device.device(), 4, CAPACITY, 0);
        inLocal = new OpenClWindows(device.device(), 4, CAPACITY);
        inLocal.onChip(OnChip.LOCAL_MEMORY);
    }

    @AfterAll
    static void close() {
        for (OpenClWindows windows : new OpenClWindows[] {device, unregistered, inLocal}) {
            if (windows != null) {
                windows.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldMatchOracleWhenSelectionHoldsWindowsInLocalMemory(Shape shape) {
        for (int n : SIZES) {
            long seed = StatsKernelContract.seed(shape, n);
            Window w = window(shape, n, seed);
            for (int start : new int[] {0, CAPACITY - n / 2 - 1}) {
                int s = Math.floorMod(start, CAPACITY);
                String context = "opencl local-memory selection shape=" + shape + " n=" + n + " start=" + s
                        + " seed=" + seed;
                assertMatches(StatsOracle.of(w.values(), w.times()), onDevice(inLocal, w, 3, s), context);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldMatchOracleWhenSelectionReadsGlobalMemory(Shape shape) {
        for (int n : SIZES) {
            long seed = StatsKernelContract.seed(shape, n);
            Window w = window(shape, n, seed);
            int start = Math.floorMod(CAPACITY - n / 3 - 1, CAPACITY);
            String context = "opencl global-memory selection shape=" + shape + " n=" + n + " start=" + start
                    + " seed=" + seed;
            assertMatches(StatsOracle.of(w.values(), w.times()), onDevice(unregistered, w, 2, start), context);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldMatchOracleAtEverySizeAndRingOffset(Shape shape) {
        for (int n : SIZES) {
            long seed = StatsKernelContract.seed(shape, n);
            Window w = window(shape, n, seed);
            WindowStats expected = StatsOracle.of(w.values(), w.times());
            for (int start : new int[] {0, CAPACITY - 1, CAPACITY - n / 2 - 1}) {
                int s = Math.floorMod(start, CAPACITY);
                String context = "opencl " + device.device().name() + " shape=" + shape + " n=" + n + " start=" + s
                        + " seed=" + seed;
                assertMatches(expected, onDevice(device, w, 1 + n % 3, s), context);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OnChip.class)
    void shouldComputeManyWindowsOfDifferentLengthsInOneCall(OnChip where) {
        OpenClWindows on = where == OnChip.REGISTERS ? device : inLocal;
        int count = 3;
        Window[] windows = new Window[count];
        int[] spec = new int[3 * count];
        double[][] ringValues = new double[count][CAPACITY];
        long[][] ringTimes = new long[count][CAPACITY];
        for (int k = 0; k < count; k++) {
            int n = new int[] {5, 1000, 3000}[k];
            windows[k] = window(Shape.GAUSSIAN, n, 99 + k);
            int start = (k * 2500) % CAPACITY;
            place(on, windows[k], k, start, ringValues[k], ringTimes[k]);
            spec[3 * k] = k;
            spec[3 * k + 1] = start;
            spec[3 * k + 2] = n;
        }
        double[] sums = new double[DeviceWindows.MOMENTS * count];
        double[] quantiles = new double[DeviceWindows.QUANTILES * count];
        on.compute(count, spec, sums, quantiles);
        StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
        for (int k = 0; k < count; k++) {
            WindowStats actual = calculator.fromDevice(ringValues[k], ringTimes[k], CAPACITY - 1, spec[3 * k + 1],
                    spec[3 * k + 2], sums, DeviceWindows.MOMENTS * k, true, quantiles, DeviceWindows.QUANTILES * k);
            assertMatches(StatsOracle.of(windows[k].values(), windows[k].times()), actual, where + " window " + k);
        }
    }

    @Test
    void shouldComputeManyShortWindowsOfEveryShapeInOneCall() {
        int count = 3 * Shape.values().length;
        try (OpenClWindows small = new OpenClWindows(device.device(), count, 512)) {
            Window[] windows = new Window[count];
            int[] spec = new int[3 * count];
            double[][] ringValues = new double[count][512];
            long[][] ringTimes = new long[count][512];
            for (int k = 0; k < count; k++) {
                Shape shape = Shape.values()[k % Shape.values().length];
                int n = new int[] {1, 37, 300}[k / Shape.values().length];
                windows[k] = window(shape, n, StatsKernelContract.seed(shape, n));
                int start = (k * 97) % 512;
                place(small, windows[k], k, start, ringValues[k], ringTimes[k], 512);
                spec[3 * k] = k;
                spec[3 * k + 1] = start;
                spec[3 * k + 2] = n;
            }
            double[] sums = new double[DeviceWindows.MOMENTS * count];
            double[] quantiles = new double[DeviceWindows.QUANTILES * count];
            small.compute(count, spec, sums, quantiles);
            // Moments alone pack several windows into a work-group; one fewer window leaves the last one partial.
            double[] momentsOnly = new double[DeviceWindows.MOMENTS * count];
            small.compute(count - 1, spec, momentsOnly, null);
            StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
            for (int k = 0; k < count; k++) {
                WindowStats actual = calculator.fromDevice(ringValues[k], ringTimes[k], 511, spec[3 * k + 1],
                        spec[3 * k + 2], sums, DeviceWindows.MOMENTS * k, true, quantiles, DeviceWindows.QUANTILES * k);
                WindowStats expected = StatsOracle.of(windows[k].values(), windows[k].times());
                assertMatches(expected, actual, "window " + k);
                if (k < count - 1) {
                    WindowStats moments = calculator.fromDevice(ringValues[k], ringTimes[k], 511, spec[3 * k + 1],
                            spec[3 * k + 2], momentsOnly, DeviceWindows.MOMENTS * k, true, quantiles,
                            DeviceWindows.QUANTILES * k);
                    assertMatches(expected, moments, "moments-only window " + k);
                }
            }
            assertEquals(0.0, momentsOnly[DeviceWindows.MOMENTS * (count - 1)], "no window past the list is written");
        }
    }

    @Test
    void shouldKeepWindowsWhenGrowingTheNumberOfStreams() {
        try (OpenClWindows small = new OpenClWindows(device.device(), 1, 16)) {
            Window w = window(Shape.FEW_DISTINCT, 16, 7);
            int[] index = new int[16];
            Arrays.setAll(index, i -> i);
            small.append(16, new int[16], index, w.values(), w.times());
            small.ensureStreams(1000);
            assertTrue(small.streams() >= 1000);
            double[] sums = new double[DeviceWindows.MOMENTS];
            small.compute(1, new int[] {0, 0, 16}, sums, null);
            assertEquals(Arrays.stream(w.values()).min().orElseThrow(), sums[3]);
            assertEquals(Arrays.stream(w.values()).max().orElseThrow(), sums[4]);
        }
    }

    @Test
    void shouldSendInOrderWhenOneAppendStagesMoreThanTheLimit() {
        try (OpenClWindows small = new OpenClWindows(device.device(), 2, 64)) {
            small.stagingLimit(7);
            Window first = window(Shape.GAUSSIAN, 64, 11);
            Window second = window(Shape.ALL_NEGATIVE, 64, 12);
            int[] slot = new int[128];
            int[] index = new int[128];
            double[] v = new double[128];
            long[] t = new long[128];
            for (int i = 0; i < 128; i++) {
                // The same 64 ring cells twice: the later sample must win although they travel in different uploads.
                index[i] = i % 64;
                v[i] = i < 64 ? first.values()[i] : second.values()[i - 64];
                t[i] = i < 64 ? first.times()[i] : second.times()[i - 64];
            }
            small.append(128, slot, index, v, t);
            double[] sums = new double[DeviceWindows.MOMENTS];
            double[] quantiles = new double[DeviceWindows.QUANTILES];
            small.compute(1, new int[] {0, 0, 64}, sums, quantiles);
            WindowStats actual = new StatsCalculator(new ScalarStatsKernel()).fromDevice(second.values(),
                    second.times(), 63, 0, 64, sums, 0, true, quantiles, 0);
            assertMatches(StatsOracle.of(second.values(), second.times()), actual, "staging limit 7");
        }
    }

    @Test
    void shouldStageLargeAppendsInParallelPartsAndRefuseThemWhole() {
        int streams = 40;
        int n = streams * CAPACITY;
        try (OpenClWindows big = new OpenClWindows(device.device(), streams, CAPACITY)) {
            Window[] windows = new Window[streams];
            int[] slot = new int[n];
            int[] index = new int[n];
            double[] v = new double[n];
            long[] t = new long[n];
            for (int s = 0; s < streams; s++) {
                windows[s] = window(Shape.values()[s % Shape.values().length], CAPACITY, 1000 + s);
                for (int i = 0; i < CAPACITY; i++) {
                    int k = s * CAPACITY + i;
                    slot[k] = s;
                    index[k] = i;
                    v[k] = windows[s].values()[i];
                    t[k] = windows[s].times()[i];
                }
            }
            big.append(n, slot, index, v, t);
            int[] badSlot = slot.clone();
            badSlot[n - 3] = streams;
            double[] noise = new double[n];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> big.append(n, badSlot, index, noise, t));
            assertTrue(e.getMessage().startsWith("sample " + (n - 3) + " targets slot " + streams), e.getMessage());
            int[] spec = new int[3 * streams];
            for (int s = 0; s < streams; s++) {
                spec[3 * s] = s;
                spec[3 * s + 2] = CAPACITY;
            }
            double[] sums = new double[DeviceWindows.MOMENTS * streams];
            double[] quantiles = new double[DeviceWindows.QUANTILES * streams];
            big.compute(streams, spec, sums, quantiles);
            StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
            for (int s = 0; s < streams; s++) {
                WindowStats actual = calculator.fromDevice(windows[s].values(), windows[s].times(), CAPACITY - 1, 0,
                        CAPACITY, sums, DeviceWindows.MOMENTS * s, true, quantiles, DeviceWindows.QUANTILES * s);
                assertMatches(StatsOracle.of(windows[s].values(), windows[s].times()), actual, "stream " + s);
            }
        }
    }

    @Test
    void shouldRefuseWindowsTheDeviceCannotHoldWithTheSizesAndRemedy() {
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class,
                () -> new OpenClWindows(device.device(), 1 << 30, 1 << 16));
        assertTrue(e.getMessage().contains("rtda.window.count-size"), e.getMessage());
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void shouldRefuseSamplesOutsideTheAllocatedSlots() {
        assertThrows(IllegalArgumentException.class,
                () -> device.append(1, new int[] {device.streams()}, new int[] {0}, new double[1], new long[1]));
        assertThrows(IllegalArgumentException.class,
                () -> device.compute(1, new int[] {0, 0, CAPACITY + 1}, new double[8], null));
    }

    /** Places the window in slot {@code slot} at {@code start} through append and computes its stats. */
    private static WindowStats onDevice(OpenClWindows on, Window w, int slot, int start) {
        int n = w.values().length;
        double[] ringValues = new double[CAPACITY];
        long[] ringTimes = new long[CAPACITY];
        place(on, w, slot, start, ringValues, ringTimes);
        double[] sums = new double[DeviceWindows.MOMENTS];
        double[] quantiles = new double[DeviceWindows.QUANTILES];
        on.compute(1, new int[] {slot, start, n}, sums, quantiles);
        return new StatsCalculator(new ScalarStatsKernel()).fromDevice(ringValues, ringTimes, CAPACITY - 1, start, n,
                sums, 0, true, quantiles, 0);
    }

    /** Appends the window's samples to the device ring and mirrors them in the host arrays. */
    private static void place(OpenClWindows on, Window w, int slot, int start, double[] ringValues,
            long[] ringTimes) {
        place(on, w, slot, start, ringValues, ringTimes, CAPACITY);
    }

    private static void place(OpenClWindows on, Window w, int slot, int start, double[] ringValues,
            long[] ringTimes, int capacity) {
        int n = w.values().length;
        int[] slots = new int[n];
        int[] index = new int[n];
        Arrays.fill(slots, slot);
        for (int i = 0; i < n; i++) {
            index[i] = (start + i) & (capacity - 1);
            ringValues[index[i]] = w.values()[i];
            ringTimes[index[i]] = w.times()[i];
        }
        on.append(n, slots, index, w.values(), w.times());
    }
}
