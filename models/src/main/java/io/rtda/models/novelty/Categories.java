package io.rtda.models.novelty;

import io.rtda.models.score.StreamingDetector;
import java.util.Arrays;

/**
 * One stream's shape categories: hyperboxes of {@code width} steps, each the bounds of the shapes it has
 * taken in (fuzzy ART with fast learning, kept in the stream's units so a changing range needs no rewrite).
 * A shape's distance to a category is the size the category would have with the shape inside it: the sum
 * over steps of its span. Storage grows with the categories made, up to
 * {@code capacity}; then a new shape replaces the category matched longest ago. Not thread-safe.
 */
final class Categories {
    private final int width;
    private final int capacity;
    private double[] lows;
    private double[] highs;
    private long[] lastUsed;
    private int count;
    private double nearestSize;

    Categories(int width, int capacity) {
        this.width = width;
        this.capacity = capacity;
        int initial = Math.min(capacity, 16);
        this.lows = new double[initial * width];
        this.highs = new double[initial * width];
        this.lastUsed = new long[initial];
    }

    int count() {
        return count;
    }

    /**
     * The category whose size with {@code shape} inside it is smallest (the first of equals), or -1 when
     * there is none; {@link #nearestSize()} then holds that size, summed over the steps in the stream's units.
     */
    int nearest(double[] shape) {
        int best = -1;
        double bestSpan = Double.POSITIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            int at = c * width;
            double span = 0;
            // spans only add up: a category already as wide as the best so far cannot win
            for (int j = 0; j < width && span < bestSpan; j++) {
                span += Math.max(highs[at + j], shape[j]) - Math.min(lows[at + j], shape[j]);
            }
            if (span < bestSpan) {
                bestSpan = span;
                best = c;
            }
        }
        nearestSize = bestSpan;
        return best;
    }

    /** The size found by the last {@link #nearest} ({@code +inf} when there was no category). */
    double nearestSize() {
        return nearestSize;
    }

    double low(int category, int step) {
        return lows[category * width + step];
    }

    double high(int category, int step) {
        return highs[category * width + step];
    }

    /** Widens {@code category} to take in {@code shape}. */
    void grow(int category, double[] shape, long now) {
        int at = category * width;
        for (int j = 0; j < width; j++) {
            lows[at + j] = Math.min(lows[at + j], shape[j]);
            highs[at + j] = Math.max(highs[at + j], shape[j]);
        }
        lastUsed[category] = now;
    }

    /** Makes {@code shape} a category of its own, replacing the one matched longest ago when full. */
    void add(double[] shape, long now) {
        int c;
        if (count < capacity) {
            if (count == lastUsed.length) {
                int larger = Math.min(capacity, count * 2);
                lows = Arrays.copyOf(lows, larger * width);
                highs = Arrays.copyOf(highs, larger * width);
                lastUsed = Arrays.copyOf(lastUsed, larger);
            }
            c = count++;
        } else {
            c = 0;
            for (int i = 1; i < count; i++) {
                if (lastUsed[i] < lastUsed[c]) {
                    c = i;
                }
            }
        }
        System.arraycopy(shape, 0, lows, c * width, width);
        System.arraycopy(shape, 0, highs, c * width, width);
        lastUsed[c] = now;
    }

    double[] lowsState() {
        return Arrays.copyOf(lows, count * width);
    }

    double[] highsState() {
        return Arrays.copyOf(highs, count * width);
    }

    long[] lastUsedState() {
        return Arrays.copyOf(lastUsed, count);
    }

    static Categories fromState(int width, int capacity, double[] lows, double[] highs, long[] lastUsed) {
        if (lows.length != highs.length || lows.length % width != 0 || lows.length / width != lastUsed.length) {
            throw new IllegalArgumentException("novelty state needs " + width + " lows and highs per category and "
                    + "one last use each, had " + lows.length + " lows, " + highs.length + " highs and "
                    + lastUsed.length + " last uses");
        }
        if (lastUsed.length > capacity) {
            throw new IllegalArgumentException("novelty state holds " + lastUsed.length
                    + " categories but this detector keeps " + capacity);
        }
        double max = StreamingDetector.MAX_MAGNITUDE;
        for (int i = 0; i < lows.length; i++) {
            if (!(lows[i] >= -max && lows[i] <= highs[i] && highs[i] <= max)) {
                throw new IllegalArgumentException("novelty state has a category bound outside +-" + max
                        + " or a low above its high: [" + lows[i] + ", " + highs[i] + "]");
            }
        }
        Categories c = new Categories(width, capacity);
        int n = lastUsed.length;
        c.lows = Arrays.copyOf(lows, Math.max(n, 1) * width);
        c.highs = Arrays.copyOf(highs, Math.max(n, 1) * width);
        c.lastUsed = Arrays.copyOf(lastUsed, Math.max(n, 1));
        c.count = n;
        return c;
    }
}
