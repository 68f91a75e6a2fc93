package io.rtda.models.envelope;

/**
 * One stream's envelope.
 *
 * @param blockLows    the completed blocks' minima, oldest first
 * @param blockHighs   the completed blocks' maxima, oldest first
 * @param currentLow   the open block's minimum (0 when it is empty)
 * @param currentHigh  the open block's maximum (0 when it is empty)
 * @param currentCount readings in the open block
 * @param seen         readings seen since the start
 */
public record EnvelopeState(double[] blockLows, double[] blockHighs, double currentLow, double currentHigh,
        int currentCount, long seen) {
}
