package io.rtda.accelerator.stats;

/**
 * Statistics of one window. Undefined values are NaN (empty window; slope with fewer than two distinct
 * event times). {@code std} is the sample standard deviation (n - 1), 0 for one sample; {@code slope} is
 * the least-squares slope of value over event time in value units per second; {@code z} is the z-score of
 * the last value against the window's mean and std (0 when std is 0); quantiles are exact, type 7; {@code
 * mad} is the median absolute deviation from the median, unscaled.
 *
 * @param count          samples in the window
 * @param sum            sum of the values
 * @param mean           arithmetic mean
 * @param std            sample standard deviation
 * @param min            smallest value
 * @param max            largest value
 * @param last           value with the newest event time
 * @param slope          least-squares slope, units per second
 * @param z              z-score of {@code last}
 * @param p50            median
 * @param p90            90th percentile
 * @param p95            95th percentile
 * @param p99            99th percentile
 * @param mad            median absolute deviation
 * @param firstTimestamp oldest event time in the window, epoch ms
 * @param lastTimestamp  newest event time in the window, epoch ms
 */
public record WindowStats(long count, double sum, double mean, double std, double min, double max, double last,
        double slope, double z, double p50, double p90, double p95, double p99, double mad,
        long firstTimestamp, long lastTimestamp) {

    /** The statistics of an empty window. */
    public static final WindowStats EMPTY = new WindowStats(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
}
