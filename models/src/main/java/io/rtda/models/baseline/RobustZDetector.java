package io.rtda.models.baseline;

import io.rtda.accelerator.stats.Quantiles;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowView;
import io.rtda.models.score.AnomalyDetector;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;

/**
 * Robust z-score: {@code z = (x - median) / (1.4826 * MAD)}, where 1.4826 makes the MAD a consistent
 * estimator of the standard deviation for normal data. When the MAD is 0 (more than half the window
 * equal) the sample standard deviation stands in. The score is the {@link Surprise} of the two-sided normal
 * tail {@code P(|Z| >= |z|)}, the scale every detector reports on: 0.067 at |z| = 2, 0.128 at 3, 0.15 at
 * 3.29 (one in a thousand), 0.25 at 4.42 (one in 100,000), 0.5 at 6.47, 1 from 9.3. The normal range is
 * {@code median ± k * sigma}. Confidence grows linearly to 1 over the warm-up. Of a batch's new samples, the one
 * furthest from the window's median after the batch is judged (it scores highest). Stateless and thread-safe.
 */
public final class RobustZDetector implements AnomalyDetector {
    public static final String NAME = "robust-z";
    static final double MAD_TO_SIGMA = 1.4826;

    private final double rangeK;
    private final int warmup;

    /**
     * @param rangeK half-width of the normal range in robust standard deviations (e.g. 3)
     * @param warmup samples before confidence reaches 1 (at least 2)
     */
    public RobustZDetector(double rangeK, int warmup) {
        if (!(rangeK > 0) || Double.isInfinite(rangeK)) {
            throw new IllegalArgumentException("rtda.model.range-k must be a positive number, was " + rangeK);
        }
        if (warmup < 2) {
            throw new IllegalArgumentException("rtda.model.warmup must be at least 2 samples, was " + warmup);
        }
        this.rangeK = rangeK;
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AnomalyScore score(String stream, WindowStats stats, WindowView window) {
        return score(stream, stats, window, 1);
    }

    /**
     * Judges the {@code fresh} newest samples against the window's median and MAD; the most anomalous (see
     * {@link AnomalyScore#outranks}) is the verdict, of equals the newest.
     */
    @Override
    public AnomalyScore score(String stream, WindowStats stats, WindowView window, int fresh) {
        double median = stats.p50();
        double mad = stats.mad();
        if (Double.isNaN(median) || Double.isNaN(mad)) {
            double[] values = new double[window.size()];
            window.copyValues(values, 0);
            median = Quantiles.median(values, values.length);
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.abs(values[i] - median);
            }
            mad = Quantiles.median(values, values.length);
        }
        double sigma = mad > 0 ? MAD_TO_SIGMA * mad : stats.std();
        int n = window.size();
        if (n == 0) {
            return verdict(stats.last(), median, sigma, stats.count());
        }
        // The score rises with |x - median| (up to rounding in the last digits of the tail function) and so does the
        // distance from the range: the value furthest from the median is the most anomalous (AnomalyScore.outranks),
        // of equals the newest. One verdict is computed.
        int judged = n - 1;
        double furthest = -1;
        for (int i = n - 1; i >= Math.max(0, n - Math.max(1, fresh)); i--) {
            double distance = Math.abs(window.value(i) - median);
            if (distance > furthest) {
                furthest = distance;
                judged = i;
            }
        }
        return verdict(window.value(judged), median, sigma, stats.count()).on(window.timestamp(judged),
                window.value(judged));
    }

    /** The verdict on {@code x} against {@code median} and {@code sigma} (package-private: the test's oracle). */
    AnomalyScore verdict(double x, double median, double sigma, long count) {
        double deviation = x - median;
        double z;
        if (deviation == 0) {
            z = 0;
        } else if (sigma > 0 && Double.isFinite(sigma)) {
            z = deviation / sigma;
        } else {
            z = Double.POSITIVE_INFINITY;
        }
        double score = Surprise.ofTwoSidedZ(z);
        double halfRange = Double.isFinite(sigma) ? rangeK * sigma : 0;
        Direction direction = deviation > 0 ? Direction.ABOVE : deviation < 0 ? Direction.BELOW : Direction.NONE;
        double confidence = Math.min(1.0, (double) (count - 1) / (warmup - 1));
        return new AnomalyScore(NAME, Math.min(1.0, Math.max(0.0, score)), median, median - halfRange,
                median + halfRange, direction, Math.max(0.0, confidence));
    }
}
