package io.rtda.models.baseline;

import io.rtda.models.calibrate.RepeatSuppressor;
import io.rtda.models.history.ValueRing;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import io.rtda.models.score.PerStream;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.state.StateCodec;
import io.rtda.models.state.VersionedState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The robust z-score baseline as a streaming detector: each value is scored against the median and MAD of
 * the stream's previous {@code window} values (the same formula as {@link RobustZDetector}), then joins
 * them. The score is the {@link Surprise} of the two-sided normal tail {@code p = P(|Z| > |z|)} (0.15 at
 * 3.3 robust sigmas, 0.5 at 6.5), the same as {@link RobustZDetector}'s; a {@link RepeatSuppressor} then
 * halves scores that do not top the stream's recent peak. Cheap: no model, two selections per reading.
 * Calls are serialized.
 */
public final class RobustStreamingDetector implements StreamingDetector {
    public static final String NAME = "robust";

    private final int window;
    private final double rangeK;
    private final int warmup;
    private final int suppressHalfLife;
    private final PerStream<Stream> streams = new PerStream<>(id -> newStream());

    /**
     * @param window           previous values the median and MAD come from
     * @param rangeK           half-width of the normal range in robust standard deviations
     * @param warmup           readings before confidence reaches 1
     * @param suppressHalfLife half-life of the {@link RepeatSuppressor} peak in readings; 0 turns it off
     */
    public RobustStreamingDetector(int window, double rangeK, int warmup, int suppressHalfLife) {
        if (window < 3) {
            throw new IllegalArgumentException("robust.window must be at least 3 samples, was " + window);
        }
        if (!(rangeK > 0) || Double.isInfinite(rangeK)) {
            throw new IllegalArgumentException("robust.range-k must be a positive number, was " + rangeK);
        }
        if (warmup < 2) {
            throw new IllegalArgumentException("robust.warmup must be at least 2 samples, was " + warmup);
        }
        if (suppressHalfLife < 0) {
            throw new IllegalArgumentException("robust.suppress-half-life must be >= 0, was " + suppressHalfLife);
        }
        this.suppressHalfLife = suppressHalfLife;
        this.window = window;
        this.rangeK = rangeK;
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        return streams.observe(ids, timestamps, values, count, (s, t, x) -> {
            AnomalyScore score = score(s.ring, x, s.suppressor);
            s.ring.add(x);
            return score;
        });
    }

    private Stream newStream() {
        return new Stream(new ValueRing(window), new RepeatSuppressor(suppressHalfLife));
    }

    private AnomalyScore score(ValueRing ring, double x, RepeatSuppressor suppressor) {
        double confidence = Math.min(1.0, (double) ring.size() / warmup);
        if (ring.size() < 2) {
            return new AnomalyScore(NAME, 0, x, x, x, Direction.NONE, confidence, AnomalyScore.NEWEST_ONLY);
        }
        double[] ms = ring.medianAndSigma();
        double deviation = x - ms[0];
        double score;
        if (deviation == 0) {
            score = 0;
        } else if (ms[1] > 0) {
            double z = deviation / ms[1];
            score = Double.isNaN(z) ? 0 : Surprise.ofTwoSidedZ(z); // NaN: both infinite, no spread to be beyond
        } else {
            score = 1;
        }
        Direction direction = deviation > 0 ? Direction.ABOVE : deviation < 0 ? Direction.BELOW : Direction.NONE;
        score = suppressor.apply(Math.min(1, Math.max(0, score)));
        return new AnomalyScore(NAME, score, ms[0], ms[0] - rangeK * ms[1],
                ms[0] + rangeK * ms[1], direction, confidence, AnomalyScore.NEWEST_ONLY);
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, double[]> rings = new LinkedHashMap<>();
        Map<String, Double> peaks = new LinkedHashMap<>();
        streams.states().forEach((id, s) -> {
            rings.put(id, s.ring.toArray());
            peaks.put(id, s.suppressor.peak());
        });
        return StateCodec.write(new State(NAME, State.VERSION, rings, peaks));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        State state = StateCodec.read(checkpoint, State.class, NAME, State.VERSION);
        Map<String, Stream> restored = new HashMap<>();
        state.streams().forEach((id, values) -> {
            Double peak = state.peaks().get(id);
            restored.put(id, new Stream(ValueRing.of(window, values), RepeatSuppressor.restored(suppressHalfLife,
                    peak == null ? 0 : peak)));
        });
        streams.replaceAll(restored);
    }

    /** One stream's previous values and suppressor. */
    private record Stream(ValueRing ring, RepeatSuppressor suppressor) {
    }

    /**
     * Version {@value #VERSION}: each stream's held values, oldest first.
     *
     * @param detector {@value RobustStreamingDetector#NAME}
     * @param version  format version
     * @param streams  stream id to its values
     * @param peaks    stream id to its repeat suppressor's peak
     */
    public record State(String detector, int version, Map<String, double[]> streams, Map<String, Double> peaks)
            implements VersionedState {
        public static final int VERSION = 1;
    }
}
