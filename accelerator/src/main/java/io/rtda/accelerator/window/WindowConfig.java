package io.rtda.accelerator.window;

import java.time.Duration;

/**
 * Window settings shared by all streams. Validated on construction; messages name the setting, the
 * value, the rule and the fix.
 *
 * @param countSize         samples in the count window (1 to 1,048,576; default 1024)
 * @param timeSpan          length of the time window (positive; default 60 s)
 * @param lateTolerance     how far behind the stream's newest event time a sample may arrive and still be
 *                          placed (zero or more; default 5 s)
 * @param maxSamples        most samples a stream retains for its time window (at least countSize, at most
 *                          16,777,216; default 65,536); beyond it the oldest are dropped and the time window
 *                          is truncated
 * @param maxStreams        most streams held (default 1,000,000); readings of new streams beyond it are refused
 * @param maxClockSkew      if set, readings whose event time is further than this from the wall clock are
 *                          refused; null (the default) accepts any event time, so historical replays work
 */
public record WindowConfig(int countSize, Duration timeSpan, Duration lateTolerance, int maxSamples, int maxStreams,
        Duration maxClockSkew) {
    public static final int MAX_COUNT_SIZE = 1 << 20;
    public static final int MAX_SAMPLES = 1 << 24;

    public WindowConfig {
        if (countSize < 1 || countSize > MAX_COUNT_SIZE) {
            throw new IllegalArgumentException("rtda.window.count-size must be between 1 and " + MAX_COUNT_SIZE
                    + ", was " + countSize);
        }
        if (timeSpan == null || timeSpan.isNegative() || timeSpan.isZero()) {
            throw new IllegalArgumentException("rtda.window.time-span must be a positive duration such as PT60S, was "
                    + timeSpan);
        }
        if (lateTolerance == null || lateTolerance.isNegative()) {
            throw new IllegalArgumentException("rtda.window.late-tolerance must be zero or a positive duration such "
                    + "as PT5S, was " + lateTolerance);
        }
        if (maxSamples < countSize || maxSamples > MAX_SAMPLES) {
            throw new IllegalArgumentException("rtda.window.max-samples must be between count-size (" + countSize
                    + ") and " + MAX_SAMPLES + ", was " + maxSamples);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("rtda.window.max-streams must be at least 1, was " + maxStreams);
        }
        if (maxClockSkew != null && (maxClockSkew.isNegative() || maxClockSkew.isZero())) {
            throw new IllegalArgumentException("rtda.ingest.max-clock-skew must be a positive duration or unset, was "
                    + maxClockSkew);
        }
    }

    /** The defaults: 1024 samples, 60 s, 5 s late tolerance, 65,536 retained, 1,000,000 streams, no skew bound. */
    public static WindowConfig defaults() {
        return new WindowConfig(1024, Duration.ofSeconds(60), Duration.ofSeconds(5), 65_536, 1_000_000, null);
    }

    public WindowConfig withCountSize(int size) {
        return new WindowConfig(size, timeSpan, lateTolerance, Math.max(maxSamples, size), maxStreams, maxClockSkew);
    }
}
