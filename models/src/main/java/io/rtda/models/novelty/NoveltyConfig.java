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
 * @param noiseFloor       the least a category may span per step, in the stream's typical steps (the mean
 *                         absolute change from one reading to the next): a shape is never new by less than the
 *                         stream's own noise; 0 turns the floor off
 * @param noiseHalfLife    readings over which the typical step's running mean forgets half its weight
 */
public record NoveltyConfig(int window, double vigilance, int categories, int rangeWindow, int rangeBlock,
        int warmup, int suppressHalfLife, double noiseFloor, int noiseHalfLife) {
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
        if (!(noiseFloor >= 0 && noiseFloor <= 100)) {
            throw new IllegalArgumentException("novelty.noise-floor must be in [0, 100] typical steps, was "
                    + noiseFloor);
        }
        if (noiseHalfLife < 1) {
            throw new IllegalArgumentException("novelty.noise-half-life must be at least 1 reading, was "
                    + noiseHalfLife);
        }
    }

    /**
     * The largest size, summed over the steps in the stream's units, that a category may reach: {@code (1 -
     * vigilance) * window} ranges, or {@code noiseFloor * window} typical steps where that is more.
     */
    public double limit(double range, double typicalStep) {
        return Math.max((1 - vigilance) * window * range, noiseFloor * typicalStep * window);
    }

    /** The number of whole blocks that cover the range window. */
    public int rangeBlocks() {
        return (rangeWindow + rangeBlock - 1) / rangeBlock;
    }

    /**
     * Shapes of 6 readings (half an hour of 5-minute readings), vigilance 0.95, 512 categories (about 50 KB per
     * stream at most), the range of the last 4,096 readings in blocks of 64 (as the envelope detector's),
     * silent for the first 300 readings; a category may always span one typical step per step, the typical
     * step being a running mean that halves its weight in 288 readings (a day of 5-minute readings).
     */
    public static NoveltyConfig defaults() {
        return new NoveltyConfig(6, 0.95, 512, 4096, 64, 300, 300, 1.0, 288);
    }
}
