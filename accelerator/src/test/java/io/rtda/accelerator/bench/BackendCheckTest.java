package io.rtda.accelerator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.Moments;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.vector.VectorStatsKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendCheckTest {
    private static final WindowStats BASE = new WindowStats(1000, 2000, 2, 1, -3, 7, 2.5, 0.125, 0.5, 2, 4, 5, 6,
            0.75, 0, 999_000);

    @Test
    void shouldAcceptIdenticalStatistics() {
        assertNull(BackendCheck.difference(BASE, BASE));
    }

    @Test
    void shouldRefuseAnyDifferenceInOrderStatistics() {
        WindowStats max = new WindowStats(1000, 2000, 2, 1, -3, Math.nextUp(7.0), 2.5, 0.125, 0.5, 2, 4, 5, 6, 0.75,
                0, 999_000);
        assertTrue(BackendCheck.difference(BASE, max).startsWith("max"));
        WindowStats p99 = new WindowStats(1000, 2000, 2, 1, -3, 7, 2.5, 0.125, 0.5, 2, 4, 5, 6.5, 0.75, 0, 999_000);
        assertTrue(BackendCheck.difference(BASE, p99).startsWith("p99"));
    }

    @Test
    void shouldToleranceSumsByCountAndSpreadOnly() {
        // n = 1000, spread 10: mean tolerance 1e-12 * (2 + 10) = 1.2e-11
        WindowStats close = new WindowStats(1000, 2000, 2 + 1e-11, 1, -3, 7, 2.5, 0.125, 0.5, 2, 4, 5, 6, 0.75, 0,
                999_000);
        assertNull(BackendCheck.difference(BASE, close));
        WindowStats far = new WindowStats(1000, 2000, 2 + 1e-10, 1, -3, 7, 2.5, 0.125, 0.5, 2, 4, 5, 6, 0.75, 0,
                999_000);
        assertTrue(BackendCheck.difference(BASE, far).startsWith("mean"));
    }

    @Test
    void shouldFindBrokenKernelOnBenchmarkData() {
        StatsKernel broken = new StatsKernel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void accumulate(double[] values, long[] times, int from, int to, Moments acc) {
                new ScalarStatsKernel().accumulate(values, times, from, to, acc);
                acc.add(0, 0, 0, 0, 0, 0, 0, 0);
            }
        };
        List<StatsPassRun.DataSet> sets = List.of(StatsPassRun.DataSet.generate("test", 4, 1024, 7));
        assertNull(BackendCheck.firstDisagreement(new ScalarStatsKernel(), new VectorStatsKernel(), sets, 4));
        String difference = BackendCheck.firstDisagreement(new ScalarStatsKernel(), broken, sets, 4);
        assertNotNull(difference, "a kernel that reports min 0 on data around 20 must be refused");
        assertTrue(difference.contains("min"), difference);
    }

    @Test
    void shouldNameTheOptionInArgumentErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--streams", "0"}));
        assertTrue(e.getMessage().startsWith("--streams"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--backend", "gpu"}));
        assertTrue(e.getMessage().startsWith("--backend"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--cl-options"}));
        assertTrue(e.getMessage().startsWith("--cl-options needs a value"), e.getMessage());
    }

    @Test
    void shouldPassBuildOptionsThroughUnchanged() {
        assertEquals("", BenchOptions.parse(new String[0]).clOptions());
        assertEquals("-cl-nv-verbose -cl-nv-maxrregcount=80", BenchOptions.parse(new String[] {"--backend", "opencl",
                "--kernels-only", "--cl-options", "-cl-nv-verbose -cl-nv-maxrregcount=80"}).clOptions());
    }
}
