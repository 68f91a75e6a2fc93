package io.rtda.models.novelty;

import io.rtda.models.calibrate.RepeatSuppressor;
import io.rtda.models.envelope.BlockEnvelope;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Contribution;
import io.rtda.models.score.Direction;
import io.rtda.models.score.PerStream;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.state.StateCodec;
import io.rtda.models.state.VersionedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Novel shapes: the stream's last {@code window} readings form a shape, which joins the nearest of the
 * stream's categories when that category, widened to take it in, stays within the vigilance limit (its spans
 * summed over the steps at most {@code (1 - vigilance) * window} ranges, the range being the lowest to the
 * highest value of the last {@code rangeWindow} readings, or {@code noiseFloor * window} typical steps where
 * that is more, so that noise alone never makes a shape new). A shape that fits no category is new: it makes a
 * category of its own and scores {@code size / limit - 1}, capped at 1, where {@code size} is what the nearest
 * category would have grown to (just past the limit scores near 0, twice the limit or more scores 1, a first
 * shape after a flat history 1). Then repeat-suppressed. Silent until {@code warmup} readings; a flat range
 * scores 0 and teaches nothing. Expected value and normal range: the nearest category's bounds at the newest
 * step; attribution: each step's share of that category's growth, largest first. Calls are serialized.
 */
public final class NoveltyDetector implements StreamingDetector {
    public static final String NAME = "novelty";

    private final NoveltyConfig config;
    private final PerStream<Stream> streams;
    private final double[] shape;
    /** The weight of each new step in the typical step's running mean. */
    private final double noiseWeight;

    public NoveltyDetector(NoveltyConfig config) {
        this.config = config;
        this.shape = new double[config.window()];
        this.noiseWeight = 1 - Math.pow(0.5, 1.0 / config.noiseHalfLife());
        this.streams = new PerStream<>(id -> new Stream(new double[config.window()],
                new Categories(config.window(), config.categories()),
                new BlockEnvelope(config.rangeBlock(), config.rangeBlocks()),
                new RepeatSuppressor(config.suppressHalfLife())));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        return streams.observe(ids, timestamps, values, count, (s, t, x) -> step(s, x));
    }

    private AnomalyScore step(Stream s, double x) {
        double confidence = Math.min(1.0, (double) s.seen / config.warmup());
        s.range.add(x);
        s.push(x, noiseWeight);
        double range = s.range.high() - s.range.low();
        if (s.seen < config.window() || !(range > 0)) {
            s.suppressor.apply(0);
            return new AnomalyScore(NAME, 0, x, x, x, Direction.NONE, confidence, AnomalyScore.NEWEST_ONLY);
        }
        s.shape(shape);
        int nearest = s.categories.nearest(shape);
        double size = s.categories.nearestSize();
        double limit = config.limit(range, s.typicalStep(noiseWeight));
        double raw = s.seen > config.warmup() && size > limit ? Math.min(1, size / limit - 1) : 0;
        AnomalyScore result = result(s, nearest, x, raw, confidence);
        if (size <= limit) {
            s.categories.grow(nearest, shape, s.seen);
        } else {
            s.categories.add(shape, s.seen);
        }
        return result;
    }

    private AnomalyScore result(Stream s, int nearest, double x, double raw, double confidence) {
        double score = s.suppressor.apply(raw);
        if (nearest < 0) {
            return new AnomalyScore(NAME, score, x, x, x, Direction.NONE, confidence, AnomalyScore.NEWEST_ONLY);
        }
        int newest = config.window() - 1;
        double low = s.categories.low(nearest, newest);
        double high = s.categories.high(nearest, newest);
        Direction direction = x > high ? Direction.ABOVE : x < low ? Direction.BELOW : Direction.NONE;
        return new AnomalyScore(NAME, score, Math.min(Math.max(x, low), high), low, high, direction, confidence,
                attribution(s.categories, nearest));
    }

    /** Each step's share of the growth the nearest category would need to take in the shape, largest first. */
    private List<Contribution> attribution(Categories categories, int nearest) {
        int w = config.window();
        double total = 0;
        double[] growth = new double[w];
        for (int j = 0; j < w; j++) {
            growth[j] = Math.max(0, categories.low(nearest, j) - shape[j])
                    + Math.max(0, shape[j] - categories.high(nearest, j));
            total += growth[j];
        }
        if (!(total > 0)) {
            return AnomalyScore.NEWEST_ONLY;
        }
        List<Contribution> out = new ArrayList<>();
        for (int j = w - 1; j >= 0; j--) {
            if (growth[j] > 0) {
                out.add(new Contribution(w - 1 - j, Math.min(1, growth[j] / total)));
            }
        }
        out.sort((a, b) -> Double.compare(b.share(), a.share()));
        return out;
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, CategoryState> states = new LinkedHashMap<>();
        Map<String, Double> peaks = new LinkedHashMap<>();
        streams.states().forEach((id, s) -> {
            states.put(id, s.toState());
            peaks.put(id, s.suppressor.peak());
        });
        return StateCodec.write(new State(NAME, State.VERSION, config.window(), config.rangeBlock(), states, peaks));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        State state = StateCodec.read(checkpoint, State.class, NAME, State.VERSION);
        if (state.window() != config.window() || state.rangeBlock() != config.rangeBlock()) {
            throw new IllegalArgumentException("novelty checkpoint has shapes of " + state.window()
                    + " readings and range blocks of " + state.rangeBlock() + ", this detector "
                    + config.window() + " and " + config.rangeBlock());
        }
        Map<String, Stream> restored = new HashMap<>();
        state.streams().forEach((id, c) -> {
            Double peak = state.peaks().get(id);
            restored.put(id, Stream.fromState(config, c, peak == null ? 0 : peak));
        });
        streams.replaceAll(restored);
    }

    /** One stream's last readings (a ring), categories, range and suppressor. */
    private static final class Stream {
        /** Readings a restored stream may claim to have seen: far beyond any real count, far from overflow. */
        private static final long MAX_SEEN = 1L << 62;
        private final double[] recent;
        private final Categories categories;
        private final BlockEnvelope range;
        private final RepeatSuppressor suppressor;
        private long seen;
        private double noise;

        Stream(double[] recent, Categories categories, BlockEnvelope range, RepeatSuppressor suppressor) {
            this.recent = recent;
            this.categories = categories;
            this.range = range;
            this.suppressor = suppressor;
        }

        /**
         * The typical step: the running mean, divided by the weight its steps hold so far (it starts at 0, so
         * without this it would read low for about a thousand readings and let noise pass as new).
         */
        double typicalStep(double noiseWeight) {
            double held = 1 - Math.pow(1 - noiseWeight, seen - 1);
            return held > 0 ? noise / held : 0;
        }

        /** Adds {@code x} to the last readings and its step from the one before to the typical step. */
        void push(double x, double noiseWeight) {
            if (seen > 0) {
                double previous = recent[(int) ((seen - 1) % recent.length)];
                noise += noiseWeight * (Math.abs(x - previous) - noise);
            }
            recent[(int) (seen % recent.length)] = x;
            seen++;
        }

        /** Copies the last {@code recent.length} readings, oldest first, into {@code out}. */
        void shape(double[] out) {
            int w = recent.length;
            for (int j = 0; j < w; j++) {
                out[j] = recent[(int) ((seen + j) % w)];
            }
        }

        CategoryState toState() {
            int held = (int) Math.min(seen, recent.length);
            double[] last = new double[held];
            for (int j = 0; j < held; j++) {
                last[j] = recent[(int) ((seen - held + j) % recent.length)];
            }
            return new CategoryState(last, categories.lowsState(), categories.highsState(),
                    categories.lastUsedState(), range.toState(), seen, noise);
        }

        static Stream fromState(NoveltyConfig config, CategoryState c, double peak) {
            int w = config.window();
            if (c == null) {
                throw new IllegalArgumentException("novelty state has a stream without state");
            }
            if (c.seen() < 0 || c.seen() > MAX_SEEN || c.range().seen() != c.seen()) {
                throw new IllegalArgumentException("novelty state has " + c.seen() + " readings seen and its range "
                        + c.range().seen() + "; both must be equal and in [0, 2^62]");
            }
            for (double x : c.recent()) {
                if (!(Math.abs(x) <= StreamingDetector.MAX_MAGNITUDE)) {
                    throw new IllegalArgumentException("novelty state has a recent reading " + x
                            + "; readings are finite, within +-" + StreamingDetector.MAX_MAGNITUDE);
                }
            }
            if (!(c.noise() >= 0 && c.noise() <= 2 * StreamingDetector.MAX_MAGNITUDE)) {
                throw new IllegalArgumentException("novelty state has a typical step of " + c.noise()
                        + "; it is the mean of absolute changes, in [0, 2e150]");
            }
            for (long used : c.lastUsed()) {
                if (used < 0 || used > c.seen()) {
                    throw new IllegalArgumentException("novelty state has a category last used at reading " + used
                            + " of " + c.seen() + " seen");
                }
            }
            if (c.recent().length != Math.min(c.seen(), w)) {
                throw new IllegalArgumentException("novelty state holds " + c.recent().length
                        + " recent readings after " + c.seen() + " seen, shapes of " + w + " need "
                        + Math.max(0, Math.min(c.seen(), w)));
            }
            Stream s = new Stream(new double[w],
                    Categories.fromState(w, config.categories(), c.lows(), c.highs(), c.lastUsed()),
                    BlockEnvelope.fromState(config.rangeBlock(), config.rangeBlocks(), c.range()),
                    RepeatSuppressor.restored(config.suppressHalfLife(), peak));
            int held = c.recent().length;
            for (int j = 0; j < held; j++) {
                s.recent[(int) ((c.seen() - held + j) % w)] = c.recent()[j];
            }
            s.seen = c.seen();
            s.noise = c.noise();
            return s;
        }
    }

    /**
     * Version {@value #VERSION}.
     *
     * @param detector   {@value NoveltyDetector#NAME}
     * @param version    format version
     * @param window     readings per shape the categories were built with
     * @param rangeBlock readings per block of the range
     * @param streams    stream id to its categories, recent readings and range
     * @param peaks      stream id to its repeat suppressor's peak
     */
    public record State(String detector, int version, int window, int rangeBlock, Map<String, CategoryState> streams,
            Map<String, Double> peaks) implements VersionedState {
        public static final int VERSION = 1;
    }
}
