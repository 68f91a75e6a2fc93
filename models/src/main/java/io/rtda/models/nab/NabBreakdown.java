package io.rtda.models.nab;

import java.util.List;

/**
 * What one file contributed to a NAB score at one threshold: each window's outcome and each false positive,
 * with the raw points they are worth. The files' {@link #raw()} values sum to the {@link NabResult#raw()} of the
 * same threshold and profile.
 *
 * @param file           the file's name in its corpus
 * @param windows        its labelled windows, in row order
 * @param falsePositives its detections outside every window, probation excluded, in row order
 */
public record NabBreakdown(String file, List<WindowOutcome> windows, List<FalsePositive> falsePositives) {

    public NabBreakdown {
        windows = List.copyOf(windows);
        falsePositives = List.copyOf(falsePositives);
    }

    /** The raw points of this file: window values (misses negative) plus false-positive costs (negative). */
    public double raw() {
        return windows.stream().mapToDouble(WindowOutcome::value).sum() + falsePositiveCost();
    }

    /** What the false positives cost together (negative, 0 without any). */
    public double falsePositiveCost() {
        return falsePositives.stream().mapToDouble(FalsePositive::cost).sum();
    }

    /**
     * @param window      the labelled window
     * @param detectedRow the earliest scored row inside it at or above the threshold, or -1 when it was missed
     * @param value       what the window is worth: the detection's sigmoid-weighted {@code tp}, or {@code -fn}
     * @param peakRow     the scored row with the window's highest score (the first of ties), -1 when no row of
     *                    it is scored (it lies in the probation period)
     * @param peakScore   that row's score, 0 when none is scored
     */
    public record WindowOutcome(NabFile.Window window, int detectedRow, double value, int peakRow, double peakScore) {
        public boolean detected() {
            return detectedRow >= 0;
        }
    }

    /**
     * @param row   the row
     * @param score its score
     * @param cost  its (negative) contribution: {@code -fp}, less just after a window
     */
    public record FalsePositive(int row, double score, double cost) {
    }
}
