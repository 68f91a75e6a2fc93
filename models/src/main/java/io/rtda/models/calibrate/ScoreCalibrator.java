package io.rtda.models.calibrate;

import io.rtda.models.baseline.Erf;

/**
 * Per-stream calibration of a raw anomaly measure, after the "anomaly likelihood" of Numenta's HTM
 * detector. The calibrator keeps the last {@code history} raw measures (their mean and standard deviation)
 * and the means of the last {@code shortWindow} at each of those steps. The tail probability {@code p} of
 * the newest measure is the smaller of two normal upper tails: of the newest measure against the held
 * measures, and of the newest short mean against the held short means (which catches sustained changes
 * whose single steps look normal). The score is the surprise
 * {@code -log10(p) / decades}, capped at 1; every detector's default is {@link
 * io.rtda.models.baseline.Surprise#DECADES} (20), the scale all detectors report on: 0.15 means one in a
 * thousand, 0.5 one in 10^10, 1 one in 10^20 or rarer. The measure is scored before it joins the history.
 * Not thread-safe: one per stream.
 *
 * <p>With {@code repeats > 0} the history can overrule the normal tail: a measure that the tail calls
 * rarer than {@code repeats} in the history's length, but that {@code k >= repeats} held measures reach,
 * gets the tail {@code k / (held + 1)} instead. The measures are heavy-tailed, so a daily step or a stream's
 * usual bursts look like 10^-10 events to the normal tail every time they recur; what the stream did five
 * times in the last week is not that rare. A measure beyond all but a few held ones keeps its normal tail,
 * and so does the short mean: a sustained change is not excused by single measures as large.
 */
public final class ScoreCalibrator {
    /** The largest measure held: its square, summed over any history, stays finite. */
    static final double MAX_MEASURE = 1e150;
    private final CalibratorConfig config;
    private final double[] ring;
    private final RepeatSuppressor suppressor;
    private final double[] means;
    private int head;
    private int size;
    private long seen;
    private double sum;
    private double sumSquares;
    private double meanSum;
    private double meanSumSquares;

    public ScoreCalibrator(CalibratorConfig config) {
        this.config = config;
        this.ring = new double[config.history()];
        this.means = new double[config.history()];
        this.suppressor = new RepeatSuppressor(config.suppressHalfLife());
    }

    /**
     * The score of {@code raw} given the history, then learns it. A measure beyond ±{@value #MAX_MEASURE} is
     * taken as that bound: it scores the cap either way, and its square would overflow the running sums, which
     * would turn every score of the next history's worth of measures into NaN.
     */
    public double scoreAndLearn(double raw) {
        double bounded = Math.max(-MAX_MEASURE, Math.min(MAX_MEASURE, raw));
        double score = suppressor.apply(score(bounded));
        learn(bounded);
        return score;
    }

    /** Confidence in [0, 1]: the fraction of the warm-up seen. */
    public double confidence() {
        return Math.min(1.0, (double) seen / config.warmup());
    }

    /** The mean of the held measures (0 while none is held). */
    public double heldMean() {
        return size == 0 ? 0 : sum / size;
    }

    double score(double raw) {
        if (seen < config.warmup() || size < 2) {
            return 0;
        }
        double pointTail = tail(raw, sum, sumSquares);
        int repeats = config.repeats();
        if (repeats > 0 && pointTail * (size + 1) < repeats) {
            pointTail = Math.max(pointTail, heldShare(raw));
        }
        // with a short window of 1 the short mean is the measure itself
        double shortTail = config.shortWindow() == 1 ? pointTail : tail(shortMean(raw), meanSum, meanSumSquares);
        double p = Math.max(Math.min(pointTail, shortTail), 1e-300);
        return Math.min(1.0, -Math.log10(p) / config.decades());
    }

    /**
     * The share {@code k / (held + 1)} of held measures at or above {@code x}, or 0 when fewer than {@code
     * repeats} are. Counted only when the normal tail is below {@code repeats / (held + 1)}, the least share
     * that can replace it, so the scan runs for surprising measures only.
     */
    private double heldShare(double x) {
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) % ring.length] >= x) {
                k++;
            }
        }
        return k >= config.repeats() ? k / (size + 1.0) : 0;
    }

    private double tail(double x, double s, double squares) {
        double mean = s / size;
        double variance = Math.max(0, (squares - s * mean) / (size - 1));
        double std = Math.max(Math.sqrt(variance), config.minStd());
        if (std == 0) {
            // a flat history (possible only with minStd 0): any rise is as surprising as it gets
            return x > mean ? 0 : 0.5;
        }
        return Erf.normalUpperTail((x - mean) / std);
    }

    /** Mean of {@code raw} and the {@code shortWindow - 1} measures before it. */
    private double shortMean(double raw) {
        double shortSum = raw;
        int k = Math.min(config.shortWindow(), size + 1);
        for (int i = 1; i < k; i++) {
            shortSum += ring[(head + size - i) % ring.length];
        }
        return shortSum / k;
    }

    void learn(double raw) {
        double shortMean = shortMean(raw);
        if (size == ring.length) {
            double old = ring[head];
            double oldMean = means[head];
            sum -= old;
            sumSquares -= old * old;
            meanSum -= oldMean;
            meanSumSquares -= oldMean * oldMean;
            ring[head] = raw;
            means[head] = shortMean;
            head = (head + 1) % ring.length;
        } else {
            ring[(head + size) % ring.length] = raw;
            means[(head + size) % ring.length] = shortMean;
            size++;
        }
        sum += raw;
        sumSquares += raw * raw;
        meanSum += shortMean;
        meanSumSquares += shortMean * shortMean;
        seen++;
        if (seen % ring.length == 0) {
            resum();
        }
    }

    /** Recomputes the running sums now and then so that rounding from removals does not accumulate. */
    private void resum() {
        sum = 0;
        sumSquares = 0;
        meanSum = 0;
        meanSumSquares = 0;
        for (int i = 0; i < size; i++) {
            double v = ring[(head + i) % ring.length];
            double m = means[(head + i) % ring.length];
            sum += v;
            sumSquares += v * v;
            meanSum += m;
            meanSumSquares += m * m;
        }
    }

    /** The versioned state of this calibrator. */
    public CalibratorState toState() {
        double[] history = new double[size];
        double[] shortMeans = new double[size];
        for (int i = 0; i < size; i++) {
            history[i] = ring[(head + i) % ring.length];
            shortMeans[i] = means[(head + i) % ring.length];
        }
        return new CalibratorState(CalibratorState.VERSION, history, shortMeans, seen, sum, sumSquares, meanSum,
                meanSumSquares, suppressor.peak());
    }

    /** A calibrator in the given state; the running sums are restored as saved so scores match exactly. */
    public static ScoreCalibrator fromState(CalibratorConfig config, CalibratorState state) {
        state.checkVersion();
        ScoreCalibrator c = new ScoreCalibrator(config);
        if (state.history().length > c.ring.length) {
            throw new IllegalArgumentException("calibrator state holds " + state.history().length
                    + " measures but history is " + c.ring.length);
        }
        System.arraycopy(state.history(), 0, c.ring, 0, state.history().length);
        System.arraycopy(state.shortMeans(), 0, c.means, 0, state.history().length);
        c.meanSum = state.meanSum();
        c.meanSumSquares = state.meanSumSquares();
        c.suppressor.restore(state.peak());
        c.size = state.history().length;
        c.seen = state.seen();
        c.sum = state.sum();
        c.sumSquares = state.sumSquares();
        return c;
    }
}
