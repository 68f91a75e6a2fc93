package io.rtda.models.envelope;

import io.rtda.models.calibrate.RepeatSuppressor;
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
 * Novel levels: a reading beyond the envelope (the lowest and highest value of the stream's last
 * {@code window} readings) scores its overshoot as a fraction of the envelope's width, divided by
 * {@code margin} and capped at 1; a reading inside it scores 0. It sees what the shape detectors normalise
 * away: a slow drift that ends below anything of the last weeks, a fall to a level never held, a record peak
 * (a spike no larger than last week's does not score). Then repeat-suppressed. Silent until {@code warmup}
 * readings; a flat history scores any departure 1. Expected value: the nearest edge of the envelope; normal
 * range: the envelope. Calls are serialized.
 */
public final class EnvelopeDetector implements StreamingDetector {
    public static final String NAME = "envelope";

    private final EnvelopeConfig config;
    private final PerStream<Stream> streams;

    public EnvelopeDetector(EnvelopeConfig config) {
        this.config = config;
        this.streams = new PerStream<>(id -> new Stream(new BlockEnvelope(config.block(), config.blocks()),
                new RepeatSuppressor(config.suppressHalfLife())));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        return streams.observe(ids, timestamps, values, count, (s, t, x) -> {
            AnomalyScore score = score(s, x);
            s.envelope.add(x);
            return score;
        });
    }

    private AnomalyScore score(Stream s, double x) {
        double confidence = Math.min(1.0, (double) s.envelope.seen() / config.warmup());
        if (s.envelope.seen() == 0) {
            return new AnomalyScore(NAME, 0, x, x, x, Direction.NONE, confidence, AnomalyScore.NEWEST_ONLY);
        }
        double low = s.envelope.low();
        double high = s.envelope.high();
        double overshoot = Math.max(Math.max(low - x, x - high), 0);
        double raw = 0;
        if (s.envelope.seen() >= config.warmup() && overshoot > 0) {
            double width = high - low;
            raw = width > 0 ? Math.min(1, overshoot / (config.margin() * width)) : 1;
        }
        double score = s.suppressor.apply(raw);
        Direction direction = x > high ? Direction.ABOVE : x < low ? Direction.BELOW : Direction.NONE;
        double expected = Math.min(Math.max(x, low), high);
        return new AnomalyScore(NAME, score, expected, low, high, direction, confidence, AnomalyScore.NEWEST_ONLY);
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, EnvelopeState> envelopes = new LinkedHashMap<>();
        Map<String, Double> peaks = new LinkedHashMap<>();
        streams.states().forEach((id, s) -> {
            envelopes.put(id, s.envelope.toState());
            peaks.put(id, s.suppressor.peak());
        });
        return StateCodec.write(new State(NAME, State.VERSION, config.block(), envelopes, peaks));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        State state = StateCodec.read(checkpoint, State.class, NAME, State.VERSION);
        if (state.block() != config.block()) {
            throw new IllegalArgumentException("envelope checkpoint has blocks of " + state.block()
                    + " readings, this detector " + config.block());
        }
        Map<String, Stream> restored = new HashMap<>();
        state.streams().forEach((id, e) -> {
            Double peak = state.peaks().get(id);
            restored.put(id, new Stream(BlockEnvelope.fromState(config.block(), config.blocks(), e),
                    RepeatSuppressor.restored(config.suppressHalfLife(), peak == null ? 0 : peak)));
        });
        streams.replaceAll(restored);
    }

    /** One stream's envelope and suppressor. */
    private record Stream(BlockEnvelope envelope, RepeatSuppressor suppressor) {
    }

    /**
     * Version {@value #VERSION}.
     *
     * @param detector {@value EnvelopeDetector#NAME}
     * @param version  format version
     * @param block    readings per block the envelopes were built with
     * @param streams  stream id to its envelope
     * @param peaks    stream id to its repeat suppressor's peak
     */
    public record State(String detector, int version, int block, Map<String, EnvelopeState> streams,
            Map<String, Double> peaks) implements VersionedState {
        public static final int VERSION = 1;
    }
}
