package io.rtda.models.seasonal;

import java.util.Arrays;

/**
 * What a stream's value usually is in each slot of a cycle: for each of {@code bins} slots (hours of the
 * day, or hours of the week), the means of the slot over the last {@code depth} cycles the stream was seen
 * in. The expected value of a slot is the median of those means, so one unusual day does not move it. The
 * slot's mean for the current cycle accumulates while the cycle lasts and joins the history when a reading
 * of a later cycle arrives in that slot; memory is {@code bins * depth} doubles whatever the reading rate.
 * Not thread-safe: one per stream and cycle.
 */
final class SeasonalProfile {
    private final int depth;
    /** Per slot, a ring of past cycles' means: {@code means[slot * depth + (head[slot] + k) % depth]}. */
    private final double[] means;
    private final int[] head;
    private final int[] size;
    private final long[] openCycle;
    private final double[] openSum;
    private final int[] openCount;

    SeasonalProfile(int bins, int depth) {
        this.depth = depth;
        this.means = new double[bins * depth];
        this.head = new int[bins];
        this.size = new int[bins];
        this.openCycle = new long[bins];
        this.openSum = new double[bins];
        this.openCount = new int[bins];
    }

    /**
     * The median of the slot's past means, NaN while fewer than two past cycles are held.
     *
     * @param slot  the slot of the reading
     * @param cycle the reading's cycle (day or week number); a later cycle closes the slot's open mean
     */
    double expected(int slot, long cycle) {
        close(slot, cycle);
        int n = size[slot];
        if (n < 2) {
            return Double.NaN;
        }
        double[] held = new double[n];
        for (int k = 0; k < n; k++) {
            held[k] = means[slot * depth + (head[slot] + k) % depth];
        }
        Arrays.sort(held);
        return n % 2 == 1 ? held[n / 2] : (held[n / 2 - 1] + held[n / 2]) / 2;
    }

    /** Adds a reading to the slot's mean for {@code cycle}. */
    void learn(int slot, long cycle, double value) {
        close(slot, cycle);
        openCycle[slot] = cycle;
        openSum[slot] += value;
        openCount[slot]++;
    }

    private void close(int slot, long cycle) {
        if (openCount[slot] == 0 || openCycle[slot] == cycle) {
            return;
        }
        double mean = openSum[slot] / openCount[slot];
        if (size[slot] < depth) {
            means[slot * depth + (head[slot] + size[slot]) % depth] = mean;
            size[slot]++;
        } else {
            means[slot * depth + head[slot]] = mean;
            head[slot] = (head[slot] + 1) % depth;
        }
        openSum[slot] = 0;
        openCount[slot] = 0;
    }

    /** The versioned-state form: per slot its past means oldest first, and its open cycle. */
    ProfileState toState() {
        double[][] past = new double[head.length][];
        for (int s = 0; s < head.length; s++) {
            past[s] = new double[size[s]];
            for (int k = 0; k < size[s]; k++) {
                past[s][k] = means[s * depth + (head[s] + k) % depth];
            }
        }
        return new ProfileState(past, openCycle.clone(), openSum.clone(), openCount.clone());
    }

    static SeasonalProfile fromState(int bins, int depth, ProfileState state) {
        if (state.past().length != bins || state.openCycle().length != bins || state.openSum().length != bins
                || state.openCount().length != bins) {
            throw new IllegalArgumentException("seasonal profile state has " + state.past().length
                    + " slots, this profile " + bins + " (restore with the same seasonal.bins-per-day)");
        }
        SeasonalProfile p = new SeasonalProfile(bins, depth);
        for (int s = 0; s < bins; s++) {
            double[] past = state.past()[s];
            if (past.length > depth) {
                throw new IllegalArgumentException("seasonal profile state holds " + past.length
                        + " cycles per slot, this profile " + depth + " (restore with the same seasonal.days/weeks)");
            }
            System.arraycopy(past, 0, p.means, s * depth, past.length);
            p.size[s] = past.length;
        }
        System.arraycopy(state.openCycle(), 0, p.openCycle, 0, bins);
        System.arraycopy(state.openSum(), 0, p.openSum, 0, bins);
        System.arraycopy(state.openCount(), 0, p.openCount, 0, bins);
        return p;
    }
}
