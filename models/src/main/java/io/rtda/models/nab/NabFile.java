package io.rtda.models.nab;

import java.util.List;

/**
 * One series of a NAB corpus with its labelled anomaly windows as row indices.
 *
 * @param name       path relative to the corpus {@code data} folder, e.g. {@code realTraffic/speed_7578.csv}
 * @param timestamps event times, epoch ms (UTC), oldest first
 * @param values     the values
 * @param windows    anomaly windows, in row order, not overlapping
 */
public record NabFile(String name, long[] timestamps, double[] values, List<Window> windows) {

    /**
     * An anomaly window {@code [first, last]} of row indices, both inclusive.
     *
     * @param first first row inside the window
     * @param last  last row inside the window
     */
    public record Window(int first, int last) {
        public Window {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("window needs 0 <= first <= last, was [" + first + ", " + last
                        + "]");
            }
        }

        public int width() {
            return last - first + 1;
        }
    }

    public NabFile {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
        windows = List.copyOf(windows);
        int previousLast = -1;
        for (Window w : windows) {
            if (w.first() <= previousLast || w.last() >= values.length) {
                throw new IllegalArgumentException(name + ": window " + w + " overlaps another or lies past row "
                        + (values.length - 1));
            }
            previousLast = w.last();
        }
    }

    public int rows() {
        return values.length;
    }

    /** Rows at the start that NAB does not score: {@code min(floor(0.15 * rows), 750)}. */
    public int probation() {
        return Math.min((int) Math.floor(0.15 * rows()), 750);
    }
}
