package io.rtda.models.score;

/**
 * One part of an anomaly score's attribution: how much of it one time step drove.
 *
 * @param lag   time steps back from the scored value (0 = the scored value itself, 1 = the one before)
 * @param share fraction of the score attributed to that step, in [0, 1]; a result's shares sum to at most 1
 */
public record Contribution(int lag, double share) {
    public Contribution {
        if (lag < 0) {
            throw new IllegalArgumentException("lag must be >= 0, was " + lag);
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], was " + share);
        }
    }
}
