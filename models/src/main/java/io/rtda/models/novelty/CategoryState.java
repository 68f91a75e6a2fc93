package io.rtda.models.novelty;

import io.rtda.models.envelope.EnvelopeState;

/**
 * One stream's novelty state.
 *
 * @param recent   the last readings, oldest first (at most the shape window)
 * @param lows     each category's lower bound per step, category after category
 * @param highs    each category's upper bound per step, in the same order
 * @param lastUsed the reading count at which each category was made or last matched
 * @param range    the range's block envelope
 * @param seen     readings seen since the start
 * @param noise    the typical step: the running mean of the absolute change from one reading to the next
 */
public record CategoryState(double[] recent, double[] lows, double[] highs, long[] lastUsed, EnvelopeState range,
        long seen, double noise) {
}
