package io.rtda.accelerator.window;

/**
 * Read access to one window's samples, oldest first. Valid only while the caller holds the owning
 * stream's lock (it reads the live ring buffer, it does not copy it).
 */
public interface WindowView {
    int size();

    /** Value of sample i, 0 being the oldest in the window. */
    double value(int i);

    /** Event time (epoch ms) of sample i. */
    long timestamp(int i);

    /** Copies the values, oldest first, into {@code dst[offset, offset + size())}. */
    default void copyValues(double[] dst, int offset) {
        for (int i = 0; i < size(); i++) {
            dst[offset + i] = value(i);
        }
    }
}
