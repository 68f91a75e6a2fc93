package io.rtda.models.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The NAB scoring rules (see {@code shared/data/nab/README.md}): rows in the probation period are not
 * scored; inside a window only the earliest detection counts, worth {@code tp * sigma(-(r - i + 1) / w) /
 * sigma(-1)}; a window without detection costs {@code fn}; a detection outside every window costs {@code fp
 * * sigma((i - r_prev) / (w_prev - 1))} after a window and {@code fp} before the first one, with {@code
 * sigma(y) = 2 / (1 + e^(5y)) - 1}. One threshold serves the whole corpus: every distinct score is tried
 * (a sweep over the rows sorted by score, O(n log n)) and the best raw score is kept. Stateless.
 */
public final class NabScorer {

    private NabScorer() {
    }

    /** NAB's scaled sigmoid, {@code 2 / (1 + e^(5y)) - 1}: 1 far before, 0 at y = 0, -1 far after. */
    static double sigma(double y) {
        return 2 / (1 + Math.exp(5 * y)) - 1;
    }

    /**
     * @param files  the corpus
     * @param scores per file, one anomaly score per row
     */
    public static NabResult score(List<NabFile> files, List<double[]> scores, NabProfile profile) {
        Rows rows = Rows.of(files, scores, profile);
        int windows = rows.windowCount;
        double nullScore = -profile.fn() * windows;
        double perfect = profile.tp() * windows;
        double[] windowValue = new double[windows];
        int[] earliest = new int[windows];
        Arrays.fill(earliest, Integer.MAX_VALUE);
        Arrays.fill(windowValue, -profile.fn());
        double total = nullScore;
        double best = nullScore;
        double bestThreshold = Double.POSITIVE_INFINITY;
        int detected = 0;
        int fps = 0;
        int bestDetected = 0;
        int bestFps = 0;
        Integer[] order = rows.order();
        for (int k = 0; k < order.length; k++) {
            int row = order[k];
            int window = rows.window[row];
            if (window >= 0) {
                if (rows.index[row] < earliest[window]) {
                    if (earliest[window] == Integer.MAX_VALUE) {
                        detected++;
                    }
                    earliest[window] = rows.index[row];
                    total += rows.weight[row] - windowValue[window];
                    windowValue[window] = rows.weight[row];
                }
            } else {
                total += rows.weight[row];
                fps++;
            }
            boolean groupEnds = k + 1 == order.length || rows.score[order[k + 1]] != rows.score[row];
            if (groupEnds && total > best) {
                best = total;
                bestThreshold = rows.score[row];
                bestDetected = detected;
                bestFps = fps;
            }
        }
        double normalized = perfect == nullScore ? 0 : 100 * (best - nullScore) / (perfect - nullScore);
        return new NabResult(profile, bestThreshold, best, normalized, bestDetected, windows, bestFps);
    }

    /**
     * Each file's windows and false positives at one threshold (a row detects when its score is at or above it),
     * from the same scored rows and weights as {@link #score}: at the threshold {@code score} found, the files'
     * raw values sum to its raw score.
     */
    public static List<NabBreakdown> breakdown(List<NabFile> files, List<double[]> scores, NabProfile profile,
            double threshold) {
        Rows rows = Rows.of(files, scores, profile);
        List<NabBreakdown> out = new ArrayList<>();
        int at = 0;
        int windowBase = 0;
        for (NabFile file : files) {
            int[] detected = new int[file.windows().size()];
            int[] peak = new int[file.windows().size()];
            Arrays.fill(detected, -1);
            Arrays.fill(peak, -1);
            List<NabBreakdown.FalsePositive> falsePositives = new ArrayList<>();
            for (int end = at + file.rows() - file.probation(); at < end; at++) {
                double s = rows.score[at];
                if (rows.window[at] < 0) {
                    if (s >= threshold) {
                        falsePositives.add(new NabBreakdown.FalsePositive(rows.index[at], s, rows.weight[at]));
                    }
                    continue;
                }
                int k = rows.window[at] - windowBase;
                if (detected[k] < 0 && s >= threshold) {
                    detected[k] = at;
                }
                if (peak[k] < 0 || s > rows.score[peak[k]]) {
                    peak[k] = at;
                }
            }
            List<NabBreakdown.WindowOutcome> windows = new ArrayList<>();
            for (int k = 0; k < detected.length; k++) {
                int d = detected[k];
                int p = peak[k];
                windows.add(new NabBreakdown.WindowOutcome(file.windows().get(k), d < 0 ? -1 : rows.index[d],
                        d < 0 ? -profile.fn() : rows.weight[d], p < 0 ? -1 : rows.index[p],
                        p < 0 ? 0 : rows.score[p]));
            }
            out.add(new NabBreakdown(file.name(), windows, falsePositives));
            windowBase += file.windows().size();
        }
        return out;
    }

    /** The scored rows of every file, flattened: score, window id (or -1), and the row's weight if detected. */
    private static final class Rows {
        double[] score;
        int[] window;
        int[] index;
        double[] weight;
        int windowCount;

        static Rows of(List<NabFile> files, List<double[]> scores, NabProfile profile) {
            if (files.size() != scores.size()) {
                throw new IllegalArgumentException(files.size() + " files but " + scores.size() + " score series");
            }
            int n = 0;
            for (int f = 0; f < files.size(); f++) {
                NabFile file = files.get(f);
                if (scores.get(f).length != file.rows()) {
                    throw new IllegalArgumentException(file.name() + ": " + file.rows() + " rows but "
                            + scores.get(f).length + " scores");
                }
                n += file.rows() - file.probation();
            }
            Rows rows = new Rows();
            rows.score = new double[n];
            rows.window = new int[n];
            rows.index = new int[n];
            rows.weight = new double[n];
            int at = 0;
            for (int f = 0; f < files.size(); f++) {
                at = rows.add(files.get(f), scores.get(f), profile, at);
            }
            return rows;
        }

        private int add(NabFile file, double[] scores, NabProfile profile, int at) {
            List<NabFile.Window> windows = file.windows();
            int next = 0;
            NabFile.Window previous = null;
            for (int i = 0; i < file.rows(); i++) {
                while (next < windows.size() && windows.get(next).last() < i) {
                    previous = windows.get(next++);
                }
                NabFile.Window current = next < windows.size() && windows.get(next).first() <= i
                        ? windows.get(next) : null;
                if (i < file.probation()) {
                    continue;
                }
                double s = scores[i];
                if (!(s >= 0 && s <= 1)) {
                    throw new IllegalArgumentException(file.name() + " row " + i + ": score must be in [0, 1], was "
                            + s);
                }
                score[at] = s;
                index[at] = i;
                if (current != null) {
                    window[at] = windowCount + next;
                    weight[at] = profile.tp() * sigma(-(double) (current.last() - i + 1) / current.width())
                            / sigma(-1);
                } else {
                    window[at] = -1;
                    weight[at] = previous == null || previous.width() < 2 ? -profile.fp()
                            : profile.fp() * sigma((double) (i - previous.last()) / (previous.width() - 1));
                }
                at++;
            }
            windowCount += windows.size();
            return at;
        }

        Integer[] order() {
            Integer[] order = new Integer[score.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
            return order;
        }
    }
}
