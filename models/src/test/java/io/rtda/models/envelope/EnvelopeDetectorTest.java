package io.rtda.models.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import io.rtda.models.score.StreamingDetector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed envelopes: a history that alternates 0 and 10 has the envelope [0, 10] (width 10), so with
 * margin 0.02 an overshoot of 0.1 scores 0.5 and one of 0.2 or more scores 1.
 */
class EnvelopeDetectorTest {
    private static final String ID = "pump-7";

    private static EnvelopeDetector detector(int window, int block, int warmup, int halfLife) {
        return new EnvelopeDetector(new EnvelopeConfig(window, block, 0.02, warmup, halfLife));
    }

    private static void feedAlternating(StreamingDetector d, int n) {
        for (int t = 0; t < n; t++) {
            AnomalyScore s = d.observe(ID, t * 60_000L, t % 2 == 0 ? 0 : 10);
            assertEquals(0.0, s.score(), "inside the envelope at reading " + t);
        }
    }

    @Test
    void shouldScoreTheOvershootAsAFractionOfTheEnvelopeWidth() {
        try (EnvelopeDetector d = detector(64, 8, 10, 0)) {
            feedAlternating(d, 20);
            AnomalyScore half = d.observe(ID, 0, 10.1);
            assertEquals(0.5, half.score(), 1e-9);
            assertEquals(Direction.ABOVE, half.direction());
            assertEquals(10.0, half.expected());
            assertEquals(0.0, half.expectedLow());
            assertEquals(10.0, half.expectedHigh());
            assertEquals(1.0, half.confidence());
            assertEquals(AnomalyScore.NEWEST_ONLY, half.attribution());
            AnomalyScore below = d.observe(ID, 0, -3);
            assertEquals(1.0, below.score(), "an overshoot of 30 % of the width is capped at 1");
            assertEquals(Direction.BELOW, below.direction());
            assertEquals(0.0, below.expected(), "expected: the nearest edge, the old low");
            AnomalyScore inside = d.observe(ID, 0, 5);
            assertEquals(0.0, inside.score());
            assertEquals(Direction.NONE, inside.direction());
            assertEquals(-3.0, inside.expectedLow(), "the new low joined the envelope");
        }
    }

    /**
     * A seeded temperature with a daily cycle for ten days of 5-minute readings, then a slow failure: the
     * level falls by 0.1 per reading (well inside the noise per step) for a day. The robust z-score follows
     * the drift with its sliding median; the envelope flags the drift when it leaves the ten days' range,
     * and the ordinary days seldom.
     */
    @Test
    void shouldFlagASlowDriftBelowTheRecentRangeThatTheRobustZFollows() {
        System.out.println("seed 5");
        Random random = new Random(5);
        try (StreamingDetector envelope = Detectors.create("envelope", DetectorOptions.of(Map.of()));
                StreamingDetector robust = Detectors.create("robust", DetectorOptions.of(Map.of()))) {
            int normal = 2880;
            int normalAlerts = 0;
            double robustDriftMax = 0;
            int firstAlert = -1;
            for (int t = 0; t < normal + 288; t++) {
                double drift = t < normal ? 0 : 0.1 * (t - normal);
                double v = 80 + 5 * Math.sin(2 * Math.PI * t / 288) + random.nextGaussian() - drift;
                double e = envelope.observe(ID, t * 300_000L, v).score();
                double r = robust.observe(ID, t * 300_000L, v).score();
                if (t >= 750 && t < normal) {
                    normalAlerts += e >= 0.9 ? 1 : 0;
                } else if (t >= normal) {
                    robustDriftMax = Math.max(robustDriftMax, r);
                    if (e >= 0.9 && firstAlert < 0) {
                        firstAlert = t - normal;
                    }
                }
            }
            System.out.printf("envelope: %d alerts in 2,130 ordinary readings, drift alert after %d readings;"
                    + " robust drift max %.3f%n", normalAlerts, firstAlert, robustDriftMax);
            // i.i.d. noise sets a new record now and then (about ln(n) times in n readings), rarely by 2 %
            assertTrue(normalAlerts <= 5, "ordinary days raise few alerts: " + normalAlerts);
            assertTrue(firstAlert > 0 && firstAlert < 200, "alert within the drift's day: " + firstAlert);
            assertTrue(robustDriftMax < 0.5, "the robust z follows the drift: " + robustDriftMax);
        }
    }

    @Test
    void shouldStaySilentThroughTheWarmUpWithConfidenceGrowing() {
        try (EnvelopeDetector d = detector(64, 8, 10, 0)) {
            assertEquals(0.0, d.observe(ID, 0, 1).confidence());
            for (int t = 1; t < 10; t++) {
                AnomalyScore s = d.observe(ID, t, 1000.0 * t);
                assertEquals(0.0, s.score(), "new highs during the warm-up score 0, reading " + t);
                assertEquals(t / 10.0, s.confidence(), 1e-12);
            }
            assertEquals(1.0, d.observe(ID, 10, 1e6).score(), "after the warm-up a record scores");
        }
    }

    @Test
    void shouldForgetExtremesOlderThanTheWindowBlockByBlock() {
        try (EnvelopeDetector d = detector(32, 8, 4, 0)) {
            d.observe(ID, 0, 100); // a record high in the first block
            feedAlternating(d, 38);
            assertEquals(0.0, d.observe(ID, 0, 90).score(), "39 readings back (four blocks and an open one)"
                    + " the high of 100 is still held");
            AnomalyScore next = d.observe(ID, 0, 95);
            assertEquals(1.0, next.score(), "the block with 100 has left the window, 95 tops the 90");
            assertEquals(90.0, next.expectedHigh());
        }
    }

    @Test
    void shouldScoreAnyDepartureFromAFlatHistoryAsOne() {
        try (EnvelopeDetector d = detector(64, 8, 4, 0)) {
            for (int t = 0; t < 10; t++) {
                assertEquals(0.0, d.observe(ID, t, 42).score());
            }
            assertEquals(1.0, d.observe(ID, 10, 42.001).score());
        }
    }

    @Test
    void shouldHalveASmallerRecordSoonAfterALargerOne() {
        try (EnvelopeDetector d = detector(64, 8, 4, 300)) {
            feedAlternating(d, 8);
            assertEquals(1.0, d.observe(ID, 0, 20).score(), "first record");
            AnomalyScore next = d.observe(ID, 0, 20.1);
            assertEquals(0.125, next.score(), 1e-9, "overshoot 0.1 of width 20 scores 0.25, halved as a repeat");
        }
    }

    @Test
    void shouldKeepStreamsApartAndRestoreToIdenticalScores() {
        Random random = new Random(11);
        System.out.println("seed 11");
        try (EnvelopeDetector a = detector(256, 16, 50, 300); EnvelopeDetector b = detector(256, 16, 50, 300)) {
            String[] ids = {"x", "y"};
            for (int t = 0; t < 300; t++) {
                a.observe(ids, new long[] {t, t}, new double[] {random.nextGaussian(), 100 + random.nextGaussian()},
                        2);
            }
            b.restore(a.checkpoint());
            for (int t = 300; t < 700; t++) {
                double[] v = {random.nextGaussian() * (t == 650 ? 9 : 1), 100 + random.nextGaussian()};
                AnomalyScore[] x = a.observe(ids, new long[] {t, t}, v, 2);
                AnomalyScore[] y = b.observe(ids, new long[] {t, t}, v, 2);
                assertArrayEquals(x, y, "reading " + t);
            }
            assertArrayEquals(a.checkpoint(), b.checkpoint());
        }
    }

    @Test
    void shouldRefuseBadSettingsAndAForeignBlockSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("envelope", DetectorOptions.of(Map.of("envelope.margin", "0"))));
        assertTrue(e.getMessage().contains("envelope.margin must be in (0, 1], was 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new EnvelopeConfig(16, 64, 0.02, 750, 300));
        assertTrue(e.getMessage().contains("envelope.window must be in [envelope.block = 64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EnvelopeConfig(4096, 64, 0.02, 1, 300));
        assertTrue(e.getMessage().contains("envelope.warmup"), e.getMessage());
        try (EnvelopeDetector coarse = detector(256, 32, 4, 0); EnvelopeDetector fine = detector(256, 16, 4, 0)) {
            feedAlternating(fine, 40);
            e = assertThrows(IllegalArgumentException.class, () -> coarse.restore(fine.checkpoint()));
            assertTrue(e.getMessage().contains("blocks of 16 readings, this detector 32"), e.getMessage());
        }
    }
}
