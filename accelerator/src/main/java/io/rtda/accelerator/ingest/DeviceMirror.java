package io.rtda.accelerator.ingest;

import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.window.StreamWindow;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.accelerator.window.WindowView;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Keeps each stream's count window mirrored in a {@link DeviceWindows} and batches the device work of one
 * engine batch: the in-order appends go over in one transfer, streams that took an out-of-order insert
 * are re-uploaded whole, then one kernel pass computes every touched window. The host windows stay the
 * authority on ordering, duplicates and lateness. Not thread-safe: the engine holds its monitor for a
 * whole batch.
 *
 * <p>A device step that fails (memory, driver) costs no data: the host windows already hold the batch, the
 * engine publishes it from them, and every stream the failed step touched is marked stale, so its next
 * batch re-uploads its whole ring before the device computes it again.
 */
final class DeviceMirror {
    private static final Logger LOG = System.getLogger(DeviceMirror.class.getName());
    private final DeviceWindows device;
    private final int countSize;
    private final int mask;
    private final boolean quantilesEveryBatch;
    private long[] positions = new long[64];
    private final BitSet dirty = new BitSet();
    /** Streams whose device ring may differ from the host's after a failed step. */
    private final BitSet stale = new BitSet();
    private boolean failing;
    /** The stream whose appends are being staged (a batch's appends to one stream are adjacent), and how many. */
    private int runSlot = -1;
    private int run;
    private int staged;
    private int[] stagedSlot = new int[1024];
    private int[] stagedIndex = new int[1024];
    private double[] stagedValue = new double[1024];
    private long[] stagedTime = new long[1024];
    private int touched;
    private int[] touchedSlot = new int[64];
    private StreamWindow[] touchedWindow = new StreamWindow[64];
    private int[] spec = new int[3 * 64];
    private double[] sums = new double[DeviceWindows.MOMENTS * 64];
    private double[] quantiles = new double[DeviceWindows.QUANTILES * 64];
    private final double[] ringValues;
    private final long[] ringTimes;

    DeviceMirror(DeviceWindows device, int countSize, boolean quantilesEveryBatch) {
        if (device.capacity() < countSize) {
            throw new IllegalArgumentException("device ring capacity " + device.capacity() + " is below the count "
                    + "window " + countSize);
        }
        this.device = device;
        this.countSize = countSize;
        this.mask = device.capacity() - 1;
        this.quantilesEveryBatch = quantilesEveryBatch;
        this.ringValues = new double[device.capacity()];
        this.ringTimes = new long[device.capacity()];
    }

    DeviceWindows device() {
        return device;
    }

    /** A sample appended at the end of stream {@code slot}'s window. */
    void appended(int slot, long ts, double value) {
        if (slot >= positions.length) {
            positions = Arrays.copyOf(positions, Math.max(slot + 1, positions.length * 2));
        }
        if (dirty.get(slot)) {
            return; // the whole ring goes over at the flush
        }
        if (slot != runSlot) {
            runSlot = slot;
            run = 0;
        }
        if (stale.get(slot) || run++ > mask) {
            // a stale ring, or more appends than the ring holds: two of them would land on one cell in one
            // scatter launch, where OpenCL leaves the winner undefined; the ring is re-uploaded instead
            dirty.set(slot);
            return;
        }
        if (staged == stagedSlot.length) {
            int grown = staged * 2;
            stagedSlot = Arrays.copyOf(stagedSlot, grown);
            stagedIndex = Arrays.copyOf(stagedIndex, grown);
            stagedValue = Arrays.copyOf(stagedValue, grown);
            stagedTime = Arrays.copyOf(stagedTime, grown);
        }
        stagedSlot[staged] = slot;
        stagedIndex[staged] = (int) (positions[slot]++ & mask);
        stagedValue[staged] = value;
        stagedTime[staged] = ts;
        staged++;
    }

    /** A sample placed inside stream {@code slot}'s window: its ring is re-uploaded at the flush. */
    void inserted(int slot) {
        if (slot >= positions.length) {
            positions = Arrays.copyOf(positions, Math.max(slot + 1, positions.length * 2));
        }
        dirty.set(slot);
    }

    /** Stream {@code slot} stored samples in this batch; returns its ordinal for {@link #sums()}. */
    int touched(int slot, StreamWindow window) {
        if (touched == touchedSlot.length) {
            int grown = touched * 2;
            touchedSlot = Arrays.copyOf(touchedSlot, grown);
            touchedWindow = Arrays.copyOf(touchedWindow, grown);
            spec = Arrays.copyOf(spec, 3 * grown);
            sums = Arrays.copyOf(sums, DeviceWindows.MOMENTS * grown);
            quantiles = Arrays.copyOf(quantiles, DeviceWindows.QUANTILES * grown);
        }
        touchedSlot[touched] = slot;
        touchedWindow[touched] = window;
        return touched++;
    }

    /**
     * Runs the batch's device work (one upload of appends, re-uploads of dirty rings, one compute) and returns
     * true; returns false when the device failed, after logging it once and marking the batch's streams
     * stale: the caller then computes the batch's statistics from the host windows.
     */
    boolean flush(int highestSlot) {
        try {
            compute(highestSlot);
        } catch (RuntimeException e) {
            for (int w = 0; w < touched; w++) {
                stale.set(touchedSlot[w]);
            }
            if (!failing) {
                LOG.log(Level.ERROR, "RTDA-ACC-005 the device step failed; statistics come from the host windows, "
                        + "and streams re-upload their windows to the device when they next receive readings: " + e, e);
                failing = true;
            }
            return false;
        }
        if (failing) {
            LOG.log(Level.INFO, "RTDA-ACC-006 the device computes statistics again");
            failing = false;
        }
        return true;
    }

    private void compute(int highestSlot) {
        device.ensureStreams(highestSlot + 1);
        device.append(staged, stagedSlot, stagedIndex, stagedValue, stagedTime);
        for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
            reupload(s);
        }
        for (int w = 0; w < touched; w++) {
            long written = positions[touchedSlot[w]];
            int length = (int) Math.min(written, countSize);
            spec[3 * w] = touchedSlot[w];
            spec[3 * w + 1] = (int) ((written - length) & mask);
            spec[3 * w + 2] = length;
        }
        device.compute(touched, spec, sums, quantilesEveryBatch ? quantiles : null);
    }

    /** Places a whole restored window of stream {@code slot} on the device (outside any batch). */
    void upload(int slot, StreamWindow window) {
        inserted(slot);
        touched(slot, window);
        try {
            flush(slot); // on failure the stream is stale: its first batch re-uploads it
        } finally {
            reset();
        }
    }

    double[] sums() {
        return sums;
    }

    /** The device's quantiles, or null when batches publish moments only. */
    double[] quantiles() {
        return quantilesEveryBatch ? quantiles : null;
    }

    /** Forgets the batch (the windows stay on the device). */
    void reset() {
        staged = 0;
        runSlot = -1;
        dirty.clear();
        Arrays.fill(touchedWindow, 0, touched, null);
        touched = 0;
    }

    private void reupload(int slot) {
        StreamWindow window = null;
        for (int w = 0; w < touched && window == null; w++) {
            if (touchedSlot[w] == slot) {
                window = touchedWindow[w];
            }
        }
        if (window == null) {
            return;
        }
        WindowView view = window.view(WindowKind.COUNT);
        int length = view.size();
        for (int i = 0; i < length; i++) {
            ringValues[i] = view.value(i);
            ringTimes[i] = view.timestamp(i);
        }
        device.uploadRing(slot, ringValues, ringTimes);
        positions[slot] = length;
        stale.clear(slot);
    }
}
