package io.rtda.models.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed NAB cases on a 20-row file: probation {@code floor(0.15 * 20) = 3} rows, one window rows
 * [10, 14] (width 5). Raw null score = -1 (one missed window), perfect = 1, so normalized = 50 * (raw + 1).
 * sigma(y) = 2 / (1 + e^(5y)) - 1; sigma(-1) = 0.9866142981514305.
 */
class NabScorerTest {
    private static final NabFile FILE = new NabFile("f.csv", new long[20], new double[20],
            List.of(new NabFile.Window(10, 14)));

    private static NabResult standard(double... rowScores) {
        return NabScorer.score(List.of(FILE), List.of(scores(rowScores)), NabProfile.STANDARD);
    }

    /** Pairs of (row, score); every other row scores 0. */
    private static double[] scores(double... rowScorePairs) {
        double[] s = new double[20];
        for (int i = 0; i < rowScorePairs.length; i += 2) {
            s[(int) rowScorePairs[i]] = rowScorePairs[i + 1];
        }
        return s;
    }

    @Test
    void shouldScoreOneHundredForDetectionOnTheWindowsFirstRow() {
        NabResult r = standard(10, 1.0);
        assertEquals(1.0, r.raw(), 1e-12);
        assertEquals(100.0, r.normalized(), 1e-9);
        assertEquals(1.0, r.threshold());
        assertEquals(1, r.detected());
        assertEquals(0, r.falsePositives());
    }

    @Test
    void shouldWeighALaterDetectionBySigmoidOfItsPositionInTheWindow() {
        // row 12: sigma(-(14 - 12 + 1) / 5) / sigma(-1) = sigma(-0.6) / sigma(-1) = 0.905148 / 0.986614
        NabResult r = standard(12, 1.0);
        assertEquals(0.9174286804284079, r.raw(), 1e-12);
        assertEquals(95.8714340214204, r.normalized(), 1e-9);
    }

    @Test
    void shouldCountOnlyTheEarliestDetectionInsideAWindow() {
        NabResult r = standard(12, 1.0, 10, 1.0, 14, 1.0);
        assertEquals(1.0, r.raw(), 1e-12);
        assertEquals(0, r.falsePositives());
    }

    @Test
    void shouldChargeFullFalsePositiveBeforeTheFirstWindowAndPickTheBestThreshold() {
        // threshold 0.9 catches only the FP at row 5: -1 - 0.11 = -1.11, worse than detecting nothing (-1);
        // threshold 0.5 adds the window: 1 - 0.11 = 0.89 -> normalized 94.5
        NabResult r = standard(5, 0.9, 10, 0.5);
        assertEquals(0.89, r.raw(), 1e-12);
        assertEquals(94.5, r.normalized(), 1e-9);
        assertEquals(0.5, r.threshold());
        assertEquals(1, r.falsePositives());
    }

    @Test
    void shouldChargeLittleForFalsePositiveJustAfterAWindow() {
        // row 16: 0.11 * sigma((16 - 14) / (5 - 1)) = 0.11 * sigma(0.5) = -0.0933112
        NabResult r = standard(10, 0.8, 16, 0.8);
        assertEquals(1 - 0.09331120039532642, r.raw(), 1e-12);
        assertEquals(95.33443998023368, r.normalized(), 1e-9);
    }

    @Test
    void shouldTryTheLowestScoreToo() {
        // all rows 0: threshold 0 detects every scored row: window on row 10 (+1), rows 3..9 before it
        // (7 * -0.11), rows 15..19 after it (0.11 * sigma((i - 14) / 4)); better than detecting nothing (-1)
        double after = 0;
        for (int i = 15; i <= 19; i++) {
            after += 0.11 * (2 / (1 + Math.exp(5 * (i - 14) / 4.0)) - 1);
        }
        NabResult r = standard();
        assertEquals(1 - 0.77 + after, r.raw(), 1e-12);
        assertEquals(0.0, r.threshold());
        assertEquals(12, r.falsePositives());
    }

    @Test
    void shouldIgnoreDetectionsInTheProbationPeriod() {
        NabResult withProbationHit = standard(2, 1.0);
        NabResult without = standard();
        assertEquals(without.raw(), withProbationHit.raw(), 1e-12);
        assertEquals(0.0, withProbationHit.threshold(), "the probation row's 1.0 is not a candidate");
        assertEquals(without.falsePositives(), withProbationHit.falsePositives());
    }

    @Test
    void shouldTakeEqualScoresTogetherAtOneThreshold() {
        // the FP at row 5 and the detection at row 10 share 0.7: only both or neither
        NabResult r = standard(5, 0.7, 10, 0.7);
        assertEquals(0.89, r.raw(), 1e-12);
        assertEquals(0.7, r.threshold());
    }

    @Test
    void shouldDoubleTheMissCostUnderRewardLowFalseNegatives() {
        // null = -2, perfect = 1, so normalized = 100 * (raw + 2) / 3.
        // FP before the window (-0.11) and a detection on row 12: 0.917429 - 0.11 -> (0.807429 + 2) / 3
        NabResult r = NabScorer.score(List.of(FILE), List.of(scores(5, 1.0, 12, 1.0)), NabProfile.REWARD_LOW_FN);
        assertEquals((0.9174286804284079 - 0.11 + 2) / 3 * 100, r.normalized(), 1e-9);
    }

    @Test
    void shouldUseOneThresholdAcrossFiles() {
        // file A detects its window at 0.9; file B's window needs 0.3, where A also has an FP at row 5 (-0.11)
        NabFile b = new NabFile("b.csv", new long[20], new double[20], List.of(new NabFile.Window(10, 14)));
        NabResult r = NabScorer.score(List.of(FILE, b), List.of(scores(10, 0.9, 5, 0.3), scores(10, 0.3)),
                NabProfile.STANDARD);
        assertEquals(2 - 0.11, r.raw(), 1e-12);
        assertEquals(0.3, r.threshold());
        assertEquals(2, r.detected());
        assertEquals(2, r.windows());
    }

    @Test
    void shouldRefuseScoresOutsideTheUnitIntervalNamingFileAndRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> standard(7, 1.5));
        assertTrue(e.getMessage().contains("f.csv row 7"), e.getMessage());
    }

    @Test
    void shouldBreakEachFileDownSoThatTheFilesSumToTheResult() {
        // A: FP on row 5 at 0.3, window detected on row 12 at 0.9; B: window on row 10 at 0.3, FP on row 16 at 0.8.
        // At 0.9: 0.917429 - 1 (B missed); at 0.8 B's FP costs 0.0933 more; at 0.3 both windows and both FPs:
        // (0.917429 - 0.11) + (1 - 0.0933112), the best.
        NabFile b = new NabFile("b.csv", new long[20], new double[20], List.of(new NabFile.Window(10, 14)));
        List<NabFile> files = List.of(FILE, b);
        List<double[]> series = List.of(scores(5, 0.3, 12, 0.9), scores(10, 0.3, 16, 0.8));
        NabResult r = NabScorer.score(files, series, NabProfile.STANDARD);
        assertEquals(0.3, r.threshold());

        List<NabBreakdown> parts = NabScorer.breakdown(files, series, NabProfile.STANDARD, r.threshold());
        assertEquals(r.raw(), parts.get(0).raw() + parts.get(1).raw(), 1e-12);
        NabBreakdown.WindowOutcome a = parts.get(0).windows().get(0);
        assertEquals(12, a.detectedRow());
        assertEquals(0.9174286804284079, a.value(), 1e-12);
        assertEquals(List.of(new NabBreakdown.FalsePositive(5, 0.3, -0.11)), parts.get(0).falsePositives());
        assertEquals(10, parts.get(1).windows().get(0).detectedRow());
        assertEquals(1.0, parts.get(1).windows().get(0).value(), 1e-12);
        NabBreakdown.FalsePositive after = parts.get(1).falsePositives().get(0);
        assertEquals(16, after.row());
        assertEquals(-0.09331120039532642, after.cost(), 1e-12);
    }

    @Test
    void shouldReportAMissedWindowsHighestScoreAndWhere() {
        NabBreakdown part = NabScorer.breakdown(List.of(FILE), List.of(scores(11, 0.4, 12, 0.9, 13, 0.9)),
                NabProfile.STANDARD, 0.95).get(0);
        NabBreakdown.WindowOutcome w = part.windows().get(0);
        assertFalse(w.detected());
        assertEquals(-1.0, w.value());
        assertEquals(12, w.peakRow(), "the first of the tied highest rows");
        assertEquals(0.9, w.peakScore());
        assertEquals(List.of(), part.falsePositives());
        assertEquals(-1.0, part.raw());
    }

    @Test
    void shouldCountAWindowInsideTheProbationPeriodAsMissedWithNoScoredRow() {
        NabFile early = new NabFile("early.csv", new long[20], new double[20], List.of(new NabFile.Window(0, 2)));
        double[] s = scores(1, 1.0, 2, 1.0);
        NabResult r = NabScorer.score(List.of(early), List.of(s), NabProfile.STANDARD);
        NabBreakdown.WindowOutcome w = NabScorer.breakdown(List.of(early), List.of(s), NabProfile.STANDARD, 0.5)
                .get(0).windows().get(0);
        assertEquals(-1, w.peakRow());
        assertEquals(-1.0, w.value());
        assertEquals(r.raw(), w.value(), 1e-12);
    }

    @Test
    void shouldRefuseABreakdownOfScoresOutsideTheUnitIntervalNamingFileAndRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NabScorer.breakdown(
                List.of(FILE), List.of(scores(8, -0.5)), NabProfile.STANDARD, 0.5));
        assertTrue(e.getMessage().contains("f.csv row 8"), e.getMessage());
    }

    @Test
    void shouldMapLabelTimestampsToInclusiveRowWindows() {
        assertEquals(NabCorpus.parseTime("2014-04-10 07:15:00"), NabCorpus.parseTime("2014-04-10 07:15:00.000000"));
        assertEquals(1397114100000L, NabCorpus.parseTime("2014-04-10 07:15:00"));
        assertThrows(IllegalArgumentException.class, () -> NabCorpus.parseTime("10/04/2014"));
    }
}
