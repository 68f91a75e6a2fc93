package io.rtda.models.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibratorTest {

    @Test
    void shouldScoreZeroDuringWarmupWithGrowingConfidence() {
        ScoreCalibrator c = new ScoreCalibrator(new CalibratorConfig(100, 1, 10, 10, 0, 0));
        for (int i = 0; i < 10; i++) {
            assertEquals(i / 10.0, c.confidence(), 1e-12);
            assertEquals(0.0, c.scoreAndLearn(i % 2 == 0 ? 0 : 1000));
        }
        assertEquals(1.0, c.confidence());
    }

    @Test
    void shouldGiveMinusLogTenOfTheNormalTailOverDecades() {
        // history 0, 2, 0, 2, ... (100 values): mean 1, sample variance 100 / 99; a raw measure three
        // standard deviations above: p = P(Z > 3) = 0.0013498980316301 -> score -log10(p) / 10 = 0.28697
        ScoreCalibrator c = new ScoreCalibrator(new CalibratorConfig(100, 1, 2, 10, 0, 0));
        for (int i = 0; i < 100; i++) {
            c.scoreAndLearn(i % 2 == 0 ? 0 : 2);
        }
        double std = Math.sqrt(100.0 / 99);
        assertEquals(-Math.log10(0.0013498980316301) / 10, c.score(1 + 3 * std), 1e-9);
        assertEquals(-Math.log10(0.5) / 10, c.score(1), 1e-12, "at the mean p = 1/2");
    }

    @Test
    void shouldCatchASustainedRiseThroughTheShortMean() {
        // standard normal history (seed 11); then measures 1.5 above the mean: one alone is unremarkable
        // (p about 0.07), eight in a row put the short mean about four of its own deviations high
        CalibratorConfig config = new CalibratorConfig(400, 8, 2, 10, 0.01, 0);
        ScoreCalibrator c = new ScoreCalibrator(config);
        Random random = new Random(11);
        for (int i = 0; i < 400; i++) {
            c.scoreAndLearn(random.nextGaussian());
        }
        double first = c.scoreAndLearn(1.5);
        double last = first;
        for (int i = 0; i < 7; i++) {
            last = c.scoreAndLearn(1.5);
        }
        assertTrue(first < 0.2 && last > first + 0.2, "sustained " + last + " vs single " + first);
    }

    @Test
    void shouldTakeTheHeldShareForAMeasureThatRecurredAtLeastRepeatsTimes() {
        // history of 100: a step to 10 every 20th measure (5 of them), else 0, 2, 0, 2, ...; the normal tail of
        // 10 is about 4 standard deviations out (p near 3e-5), far below the share 5 / 101 the history shows
        ScoreCalibrator floored = calibrator(5);
        ScoreCalibrator stricter = calibrator(6);
        ScoreCalibrator normal = calibrator(0);
        for (ScoreCalibrator c : new ScoreCalibrator[] {floored, stricter, normal}) {
            for (int i = 0; i < 100; i++) {
                c.scoreAndLearn(i % 20 == 0 ? 10 : i % 2 == 0 ? 0 : 2);
            }
        }
        assertTrue(normal.score(10) > 0.4, "the normal tail alone calls the step rare: " + normal.score(10));
        assertEquals(-Math.log10(5 / 101.0) / 10, floored.score(10), 1e-12, "five held steps: p = 5 / 101");
        assertEquals(-Math.log10(5 / 101.0) / 10, floored.score(9.5), 1e-12, "as many held measures reach 9.5");
        assertEquals(normal.score(10), stricter.score(10), 0.0, "fewer than six held: the normal tail stays");
        assertEquals(normal.score(10.5), floored.score(10.5), 0.0, "beyond every held measure: the normal tail");
        assertEquals(normal.score(1), floored.score(1), 0.0, "an ordinary measure is scored as before");
    }

    @Test
    void shouldRejectANegativeRepeatCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CalibratorConfig(100, 1, 2, 10, 0, 0, -1));
        assertTrue(e.getMessage().contains("repeats >= 0"), e.getMessage());
    }

    private static ScoreCalibrator calibrator(int repeats) {
        return new ScoreCalibrator(new CalibratorConfig(100, 1, 2, 10, 0, 0, repeats));
    }

    @Test
    void shouldRestoreToIdenticalScores() {
        CalibratorConfig config = new CalibratorConfig(50, 4, 5, 10, 0.01, 20);
        ScoreCalibrator a = new ScoreCalibrator(config);
        for (int i = 0; i < 137; i++) {
            a.scoreAndLearn(Math.sin(i * 0.7) + (i % 13 == 0 ? 5 : 0));
        }
        ScoreCalibrator b = ScoreCalibrator.fromState(config, a.toState());
        for (int i = 0; i < 60; i++) {
            double raw = Math.cos(i * 0.3) * (i % 11 == 0 ? 6 : 1);
            assertEquals(a.scoreAndLearn(raw), b.scoreAndLearn(raw), 0.0);
        }
    }
}
