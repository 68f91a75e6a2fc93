package io.rtda.models.history;

import io.rtda.accelerator.stats.Quantiles;
import java.util.Arrays;

/** The newest {@code capacity} values of one stream, oldest first. Not thread-safe: one owner per stream. */
public final class ValueRing {
    private final double[] values;
    private int head;
    private int size;

    public ValueRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring capacity must be >= 1, was " + capacity);
        }
        values = new double[capacity];
    }

    /** Restores a ring from {@link #toArray()}; keeps the newest {@code capacity} of them. */
    public static ValueRing of(int capacity, double[] oldestFirst) {
        ValueRing ring = new ValueRing(capacity);
        for (double v : oldestFirst) {
            ring.add(v);
        }
        return ring;
    }

    public void add(double value) {
        values[(head + size) % values.length] = value;
        if (size < values.length) {
            size++;
        } else {
            head = (head + 1) % values.length;
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return values.length;
    }

    /** Value i, 0 the oldest held. */
    public double get(int i) {
        return values[(head + i) % values.length];
    }

    /** Value {@code lag} steps back, 0 the newest. */
    public double back(int lag) {
        return get(size - 1 - lag);
    }

    public double[] toArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * The robust centre and scale of the held values: {@code [median, 1.4826 * MAD]}, the MAD replaced by
     * the mean absolute deviation when it is 0 (more than half the values equal). NaN when empty.
     */
    public double[] medianAndSigma() {
        if (size == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] copy = toArray();
        double median = Quantiles.median(copy, size);
        double meanAbs = 0;
        for (int i = 0; i < size; i++) {
            copy[i] = Math.abs(get(i) - median);
            meanAbs += copy[i];
        }
        double mad = Quantiles.median(copy, size);
        double sigma = mad > 0 ? 1.4826 * mad : 1.2533 * meanAbs / size;
        return new double[] {median, sigma};
    }

    @Override
    public String toString() {
        return "ValueRing" + Arrays.toString(toArray());
    }
}
