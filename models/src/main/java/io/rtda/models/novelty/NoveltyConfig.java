package io.rtda.models.novelty;

/**
 * Settings of {@link NoveltyDetector}.
 *
 * @param window           readings per shape (the newest and the {@code window - 1} before it)
 * @param vigilance        how alike a category's shapes must be, in (0, 1): a category may span at most
 *                         {@code (1 - vigilance) * window} of the range summed over its steps (at 0.95, 5 % of
 *                         the range per step on average)
 * @param categories       categories kept per stream; when full, a new shape replaces the one matched
 *                         longest ago
 * @param rangeWindow      readings whose lowest and highest value set the range (rounded up to whole blocks)
 * @param rangeBlock       readings per block of that range (see the envelope detector)
 * @param warmup           readings before the first score (every shape is new at first)
 * @param suppressHalfLife half-life of the repeat suppressor's peak in readings; 0 turns it off
 */
public record NoveltyConfig(int window, double vigilance, int categories, int rangeWindow, int rangeBlock,
        int warmup, int suppressHalfLife) {
    public NoveltyConfig {
        if (window < 1 || window > 64) {
            throw new IllegalArgumentException("novelty.window must be in [1, 64] readings, was " + window);
        }
        if (!(vigilance > 0 && vigilance < 1)) {
            throw new IllegalArgumentException("novelty.vigilance must be in (0, 1), was " + vigilance);
        }
        if (categories < 1 || categories > 65_536) {
            throw new IllegalArgumentException("novelty.categories must be in [1, 65536], was " + categories);
        }
        if (rangeBlock < 1 || rangeBlock > 65_536) {
            throw new IllegalArgumentException("novelty.range-block must be in [1, 65536] readings, was "
                    + rangeBlock);
        }
        if (rangeWindow < rangeBlock || rangeWindow > 16_777_216) {
            throw new IllegalArgumentException("novelty.range-window must be in [novelty.range-block = "
                    + rangeBlock + ", 16777216] readings, was " + rangeWindow);
        }
        if (warmup < window) {
            throw new IllegalArgumentException("novelty.warmup must be at least novelty.window = " + window
                    + " readings, was " + warmup);
        }
        if (suppressHalfLife < 0) {
            throw new IllegalArgumentException("novelty.suppress-half-life must be >= 0, was " + suppressHalfLife);
        }
    }

    /** The largest size, in ranges summed over the steps, that a category may reach. */
    public double limit() {
        return (1 - vigilance) * window;
    }

    /** The number of whole blocks that cover the range window. */
    public int rangeBlocks() {
        return (rangeWindow + rangeBlock - 1) / rangeBlock;
    }

    /**
     * Shapes of 6 readings (half an hour of 5-minute readings), vigilance 0.95, 512 categories (about 50 KB per
     * stream at most), the range of the last 4,096 readings in blocks of 64 (as the envelope detector's),
     * silent for the first 300 readings.
     */
    public static NoveltyConfig defaults() {
        return new NoveltyConfig(6, 0.95, 512, 4096, 64, 300, 300);
    }
}
