package io.rtda.models.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.window.StreamWindow;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases: each test states the sorted window, its median and its MAD. Windows are built
 * through a real {@link StreamWindow} so stats and view agree as they do in the engine; the last value
 * listed is the newest.
 */
class RobustZDetectorTest {
    private static final double K = 3;
    private static final double SIGMA = RobustZDetector.MAD_TO_SIGMA;

    private final RobustZDetector detector = new RobustZDetector(K, 10);

    @Test
    void shouldScoreZeroAtTheMedian() {
        // sorted 1 2 3 4 5, median 3; deviations 2 1 0 1 2, MAD 1; newest 3
        AnomalyScore score = score(true, 1, 2, 4, 5, 3);
        assertEquals(0.0, score.score());
        assertEquals(3.0, score.expected());
        assertEquals(Direction.NONE, score.direction());
        assertEquals(3 - K * SIGMA, score.expectedLow(), 1e-12);
        assertEquals(3 + K * SIGMA, score.expectedHigh(), 1e-12);
    }

    @Test
    void shouldScoreHighAboveTheRangeForAnOutlier() {
        // sorted 1 2 3 4 100, median 3; deviations 1 1 0 2 97 -> sorted 0 1 1 2 97, MAD 1; z = 97 / 1.4826
        AnomalyScore score = score(true, 2, 4, 3, 1, 100);
        assertEquals(3.0, score.expected());
        assertEquals(Direction.ABOVE, score.direction());
        assertEquals(1.0, score.score(), 1e-15);
        assertEquals(3 - K * SIGMA, score.expectedLow(), 1e-12);
        assertEquals(3 + K * SIGMA, score.expectedHigh(), 1e-12);
        assertTrue(100 > score.expectedHigh());
    }

    @Test
    void shouldScoreTheSurpriseOfTheTwoSidedTailAtTwoRobustSigmas() {
        // sorted -3 -1 0 1 2*1.4826, median 0; deviations 3 1 0 1 2.9652 -> MAD 1; z = 2 exactly
        AnomalyScore score = score(true, -3, -1, 0, 1, 2 * SIGMA);
        assertEquals(0.0, score.expected());
        // P(|Z| >= 2) = erfc(sqrt 2) = 0.04550026389635842; -log10 of it / 20
        assertEquals(0.06709930422384778, score.score(), 1e-13, "-log10(P(|Z| >= 2)) / 20");
        assertEquals(Direction.ABOVE, score.direction());
    }

    @Test
    void shouldReportBelowForValueUnderTheMedian() {
        // sorted 5 9 10 11 12 13, median 10.5; deviations 0.5 0.5 1.5 1.5 2.5 5.5, MAD 1.5; newest 5
        AnomalyScore score = score(true, 10, 12, 11, 13, 9, 5);
        double z = (5 - 10.5) / (SIGMA * 1.5);
        assertEquals(10.5, score.expected());
        assertEquals(Direction.BELOW, score.direction());
        assertEquals(Surprise.ofTwoSidedZ(z), score.score(), 1e-15);
        assertEquals(10.5 - K * SIGMA * 1.5, score.expectedLow(), 1e-12);
        assertEquals(10.5 + K * SIGMA * 1.5, score.expectedHigh(), 1e-12);
        // |z| = 2.4731: P(|Z| >= |z|) = 0.01339, -log10 = 1.873
        assertEquals(0.0937, score.score(), 5e-5);
    }

    @Test
    void shouldFallBackToStandardDeviationWhenMadIsZero() {
        // six 5s and an 8: median 5, MAD 0; mean 38/7, sample variance (54/7)/6 = 9/7, std 3/sqrt(7);
        // z = 3 / (3 / sqrt 7) = sqrt 7
        AnomalyScore score = score(true, 5, 5, 5, 5, 5, 5, 8);
        double std = 3 / Math.sqrt(7);
        assertEquals(5.0, score.expected());
        // P(|Z| >= sqrt 7) = 0.008151, -log10 = 2.0888
        assertEquals(0.10444, score.score(), 5e-5);
        assertEquals(5 - K * std, score.expectedLow(), 1e-12);
        assertEquals(5 + K * std, score.expectedHigh(), 1e-12);
        assertEquals(Direction.ABOVE, score.direction());
    }

    @Test
    void shouldScoreZeroWithEmptyRangeForConstantWindow() {
        AnomalyScore score = score(true, 4, 4, 4, 4);
        assertEquals(0.0, score.score());
        assertEquals(4.0, score.expectedLow());
        assertEquals(4.0, score.expectedHigh());
        assertEquals(Direction.NONE, score.direction());
    }

    @Test
    void shouldComputeMedianFromTheWindowWhenStatsLackQuantiles() {
        double[] values = {10, 12, 11, 13, 9, 5};
        assertEquals(score(true, values), score(false, values));
    }

    @Test
    void shouldGrowConfidenceLinearlyOverWarmup() {
        // warm-up 10: confidence (count - 1) / 9
        assertEquals(0.0, score(true, 1).confidence());
        assertEquals(4.0 / 9, score(true, 1, 2, 3, 4, 5).confidence(), 1e-15);
        assertEquals(1.0, score(true, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).confidence());
        assertEquals(1.0, score(true, new double[20]).confidence());
    }

    @Test
    void shouldJudgeTheMostAnomalousOfTheBatchsNewSamplesAndNameIt() {
        // sorted 1 2 3 4 100, median 3; deviations 2 1 1 97 0 -> MAD 1; newest 3 (z 0), before it 100
        StreamWindow window = window(1, 2, 4, 100, 3);
        StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
        var stats = window.stats(WindowKind.COUNT, calculator, true);
        AnomalyScore newestOnly = detector.score("s", stats, window.view(WindowKind.COUNT), 1);
        assertEquals(0.0, newestOnly.score());
        assertEquals(new AnomalyScore.Reading(T0 + 4000, 3), newestOnly.reading());
        AnomalyScore batch = detector.score("s", stats, window.view(WindowKind.COUNT), 2);
        assertEquals(1.0, batch.score(), 1e-15);
        assertEquals(Direction.ABOVE, batch.direction());
        assertEquals(new AnomalyScore.Reading(T0 + 3000, 100), batch.reading());
        assertEquals(batch, detector.score("s", stats, window.view(WindowKind.COUNT), 99), "more than the window");
        // both saturate at 1: the value further out is judged, though older
        StreamWindow two = window(1, 2, 3, 4, 5, 6, 1000, 60);
        AnomalyScore saturated = detector.score("s", two.stats(WindowKind.COUNT, calculator, true),
                two.view(WindowKind.COUNT), 2);
        assertEquals(1.0, saturated.score());
        assertEquals(new AnomalyScore.Reading(T0 + 6000, 1000), saturated.reading());
        // equal scores and values: the newer reading is judged
        StreamWindow flat = window(5, 5, 5, 5);
        AnomalyScore tie = detector.score("s", flat.stats(WindowKind.COUNT, calculator, true),
                flat.view(WindowKind.COUNT), 3);
        assertEquals(new AnomalyScore.Reading(T0 + 3000, 5), tie.reading());
    }

    @Test
    void shouldPickTheSameReadingAsScoringEachFreshSampleAndKeepingTheOneThatOutranks() {
        java.util.Random random = new java.util.Random(7);
        System.out.println("seed 7");
        StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
        for (int round = 0; round < 500; round++) {
            double[] values = new double[2 + random.nextInt(7)];
            for (int i = 0; i < values.length; i++) {
                // few distinct values, so equal distances and saturated scores are common
                values[i] = random.nextInt(4) == 0 ? random.nextInt(3) * 1000 : random.nextInt(5);
            }
            StreamWindow w = window(values);
            var stats = w.stats(WindowKind.COUNT, calculator, true);
            int fresh = 1 + random.nextInt(values.length);
            AnomalyScore fast = detector.score("s", stats, w.view(WindowKind.COUNT), fresh);
            double sigma = stats.mad() > 0 ? RobustZDetector.MAD_TO_SIGMA * stats.mad() : stats.std();
            AnomalyScore best = null;
            int judged = -1;
            for (int i = values.length - 1; i >= values.length - fresh; i--) {
                AnomalyScore s = detector.verdict(values[i], stats.p50(), sigma, stats.count());
                if (s.outranks(values[i], best, judged < 0 ? 0 : values[judged])) {
                    best = s;
                    judged = i;
                }
            }
            assertEquals(best.on(T0 + judged * 1000L, values[judged]), fast, "round " + round + " fresh " + fresh
                    + " values " + java.util.Arrays.toString(values));
        }
    }

    @Test
    void shouldRankAValueWhoseDistanceOverflowsAboveANearerOneAsOutranksDoes() {
        // median -1e308, MAD 0, the standard deviation near the largest double: |1.7e308 - (-1e308)| overflows
        StreamWindow w = window(-1e308, -1e308, -1e308, -1e308, -1e308, 1.7e308, 0);
        var stats = w.stats(WindowKind.COUNT, new StatsCalculator(new ScalarStatsKernel()), true);
        AnomalyScore far = detector.score("s", stats, w.view(WindowKind.COUNT), 2);
        AnomalyScore near = detector.score("s", stats, w.view(WindowKind.COUNT), 1);
        assertEquals(new AnomalyScore.Reading(T0 + 5000, 1.7e308), far.reading());
        assertEquals(new AnomalyScore.Reading(T0 + 6000, 0), near.reading());
        assertTrue(far.outranks(1.7e308, near, 0));
        assertTrue(!near.outranks(0, far, 1.7e308));
    }

    @Test
    void shouldNameTheSettingWhenConstructedWithBadParameters() {
        for (double k : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RobustZDetector(k, 10));
            assertTrue(e.getMessage().startsWith("rtda.model.range-k"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RobustZDetector(3, 1));
        assertTrue(e.getMessage().startsWith("rtda.model.warmup"), e.getMessage());
    }

    private static final long T0 = 1_700_000_000_000L;

    /** A window of room 8 holding {@code values} one second apart from {@link #T0}. */
    private static StreamWindow window(double... values) {
        StreamWindow window = new StreamWindow(new WindowConfig(8, Duration.ofHours(1), Duration.ZERO, 8, 1, null));
        for (int i = 0; i < values.length; i++) {
            window.append(T0 + i * 1000L, values[i]);
        }
        return window;
    }

    private AnomalyScore score(boolean withQuantiles, double... values) {
        WindowConfig config = new WindowConfig(values.length, Duration.ofHours(1), Duration.ZERO, values.length, 1,
                null);
        StreamWindow window = new StreamWindow(config);
        for (int i = 0; i < values.length; i++) {
            window.append(T0 + i * 1000L, values[i]);
        }
        StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());
        return detector.score("s", window.stats(WindowKind.COUNT, calculator, withQuantiles),
                window.view(WindowKind.COUNT));
    }
}
