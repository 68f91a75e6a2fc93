package io.rtda.functions.history;

/**
 * One stream's statistics over the bucket {@code [start, start + stepMillis)} of event time: every window
 * update of the stream whose newest sample fell in the bucket, merged. {@code mean}, {@code std}, {@code
 * p50} and {@code p95} are averages over those updates of the window's own values; {@code min} and {@code
 * max} the extremes of the windows; {@code last} the newest value; {@code score} the highest anomaly score
 * (NaN when no detector scored).
 *
 * @param stream     stream id
 * @param stepMillis bucket length, ms
 * @param start      bucket start, epoch ms, a multiple of {@code stepMillis}
 * @param updates    window updates merged into the point (at least 1)
 * @param mean       average window mean
 * @param std        average window standard deviation
 * @param min        smallest window minimum
 * @param max        largest window maximum
 * @param p50        average window median
 * @param p95        average window 95th percentile
 * @param last       value with the newest event time
 * @param lastTime   that event time, epoch ms
 * @param score      highest anomaly score, or NaN
 */
public record HistoryPoint(String stream, long stepMillis, long start, long updates, double mean, double std,
        double min, double max, double p50, double p95, double last, long lastTime, double score) {

    public HistoryPoint {
        if (updates < 1) {
            throw new IllegalArgumentException("a history point merges at least one update, was " + updates);
        }
        if (stepMillis < 1 || Math.floorMod(start, stepMillis) != 0) {
            throw new IllegalArgumentException("bucket start " + start + " is not a multiple of step " + stepMillis);
        }
    }

    /** This point and {@code other} (same stream) as one point of the bucket of {@code stepMillis} at {@code start}. */
    public HistoryPoint merge(HistoryPoint other, long mergedStep, long mergedStart) {
        long n = updates + other.updates;
        boolean newer = other.lastTime >= lastTime;
        return new HistoryPoint(stream, mergedStep, mergedStart, n, average(mean, other.mean, other.updates, n),
                average(std, other.std, other.updates, n), Math.min(min, other.min), Math.max(max, other.max),
                average(p50, other.p50, other.updates, n), average(p95, other.p95, other.updates, n),
                newer ? other.last : last, Math.max(lastTime, other.lastTime), maxScore(score, other.score));
    }

    /** The same statistics in the coarser bucket of {@code coarserStep} that holds this one. */
    public HistoryPoint rebucket(long coarserStep) {
        return new HistoryPoint(stream, coarserStep, Math.floorDiv(start, coarserStep) * coarserStep, updates, mean,
                std, min, max, p50, p95, last, lastTime, score);
    }

    private double average(double mine, double theirs, long theirUpdates, long total) {
        return mine + (theirs - mine) * ((double) theirUpdates / total);
    }

    private static double maxScore(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }
}
