package io.rtda.functions.history;

import java.time.Duration;

/**
 * One resolution of the history and how long it is kept.
 *
 * @param step      bucket length
 * @param retention points older than this (by bucket start, against the wall clock) are deleted
 */
public record HistoryLevel(Duration step, Duration retention) {
    public HistoryLevel {
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("history step must be at least 1 ms, was " + step);
        }
        if (retention.compareTo(step) < 0) {
            throw new IllegalArgumentException("retention " + retention + " is shorter than its step " + step);
        }
    }

    public long stepMillis() {
        return step.toMillis();
    }
}
