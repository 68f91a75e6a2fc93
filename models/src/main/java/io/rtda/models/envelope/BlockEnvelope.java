package io.rtda.models.envelope;

import io.rtda.models.score.StreamingDetector;

/**
 * The lowest and highest value of one stream's last readings, kept as the minimum and maximum of each
 * block of {@code block} readings (a ring of {@code blocks} completed blocks plus the block being filled).
 * The envelope spans between {@code blocks * block} and {@code (blocks + 1) * block - 1} readings,
 * depending on how full the open block is. {@code O(1)} per reading except when a block completes
 * ({@code O(blocks)}); {@code 2 * blocks + 5} numbers of state. The envelope detector scores readings beyond
 * it; the novelty detector measures shapes against its width. Not thread-safe.
 */
public final class BlockEnvelope {
    private final int block;
    private final double[] mins;
    private final double[] maxs;
    private int head;
    private int filled;
    private double doneMin = Double.POSITIVE_INFINITY;
    private double doneMax = Double.NEGATIVE_INFINITY;
    private double currentMin = Double.POSITIVE_INFINITY;
    private double currentMax = Double.NEGATIVE_INFINITY;
    private int currentCount;
    private long seen;

    public BlockEnvelope(int block, int blocks) {
        this.block = block;
        this.mins = new double[blocks];
        this.maxs = new double[blocks];
    }

    /** The lowest value held ({@code +inf} while empty). */
    public double low() {
        return Math.min(doneMin, currentMin);
    }

    /** The highest value held ({@code -inf} while empty). */
    public double high() {
        return Math.max(doneMax, currentMax);
    }

    /** Readings added since the start. */
    public long seen() {
        return seen;
    }

    public void add(double x) {
        currentMin = Math.min(currentMin, x);
        currentMax = Math.max(currentMax, x);
        currentCount++;
        seen++;
        if (currentCount == block) {
            int at = (head + filled) % mins.length;
            if (filled == mins.length) {
                head = (head + 1) % mins.length;
            } else {
                filled++;
            }
            mins[at] = currentMin;
            maxs[at] = currentMax;
            currentMin = Double.POSITIVE_INFINITY;
            currentMax = Double.NEGATIVE_INFINITY;
            currentCount = 0;
            rescan();
        }
    }

    private void rescan() {
        doneMin = Double.POSITIVE_INFINITY;
        doneMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < filled; i++) {
            doneMin = Math.min(doneMin, mins[i]);
            doneMax = Math.max(doneMax, maxs[i]);
        }
    }

    public EnvelopeState toState() {
        double[] lows = new double[filled];
        double[] highs = new double[filled];
        for (int i = 0; i < filled; i++) {
            lows[i] = mins[(head + i) % mins.length];
            highs[i] = maxs[(head + i) % maxs.length];
        }
        return new EnvelopeState(lows, highs, currentCount == 0 ? 0 : currentMin,
                currentCount == 0 ? 0 : currentMax, currentCount, seen);
    }

    public static BlockEnvelope fromState(int block, int blocks, EnvelopeState state) {
        if (state.blockLows() == null || state.blockHighs() == null
                || state.blockLows().length != state.blockHighs().length) {
            throw new IllegalArgumentException("envelope state needs as many block lows as block highs");
        }
        if (state.blockLows().length > blocks) {
            throw new IllegalArgumentException("envelope state holds " + state.blockLows().length
                    + " blocks but this detector keeps " + blocks);
        }
        if (state.currentCount() < 0 || state.currentCount() >= block || state.seen() < 0) {
            throw new IllegalArgumentException("envelope state has " + state.currentCount()
                    + " readings in its open block (blocks hold " + block + ") and " + state.seen() + " seen");
        }
        int n = state.blockLows().length;
        for (int i = 0; i < n; i++) {
            checkBounds(state.blockLows()[i], state.blockHighs()[i], "block " + i);
        }
        if (state.currentCount() > 0) {
            checkBounds(state.currentLow(), state.currentHigh(), "the open block");
        }
        if (state.seen() < (long) n * block + state.currentCount()) {
            throw new IllegalArgumentException("envelope state has " + n + " blocks of " + block + " and "
                    + state.currentCount() + " readings open but only " + state.seen() + " seen");
        }
        BlockEnvelope e = new BlockEnvelope(block, blocks);
        System.arraycopy(state.blockLows(), 0, e.mins, 0, n);
        System.arraycopy(state.blockHighs(), 0, e.maxs, 0, n);
        e.filled = n;
        e.currentCount = state.currentCount();
        if (e.currentCount > 0) {
            e.currentMin = state.currentLow();
            e.currentMax = state.currentHigh();
        }
        e.seen = state.seen();
        e.rescan();
        return e;
    }

    private static void checkBounds(double low, double high, String where) {
        double max = StreamingDetector.MAX_MAGNITUDE;
        if (!(low >= -max && low <= high && high <= max)) {
            throw new IllegalArgumentException("envelope state has " + where + " from " + low + " to " + high
                    + "; a block holds finite readings within +-" + max + ", its low at most its high");
        }
    }
}
