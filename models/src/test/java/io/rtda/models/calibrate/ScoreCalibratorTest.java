package io.rtda.models.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
