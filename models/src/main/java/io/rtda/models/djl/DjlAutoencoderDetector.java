package io.rtda.models.djl;

import io.rtda.models.calibrate.ScoreCalibrator;
import io.rtda.models.history.ValueRing;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Contribution;
import io.rtda.models.score.Direction;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.state.StateCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An online autoencoder shared by a group of streams. Per call: each reading's stream window (its newest
 * {@code window} values, newest last) is normalized by the stream's running mean and deviation as learned
 * before the reading, and all ready windows are reconstructed in one batched forward pass. The squared
 * error of the newest step (the reading being scored; a window mean would smear one event over the next
 * {@code window} readings), on its own scale (a log would compress exactly the tail that marks anomalies),
 * is calibrated per stream into the score. Then the readings are learned: normalizers updated, windows
 * added to the replay buffer, and once {@code trainEvery} new windows have arrived one Adam step on a
 * mini-batch sampled from the buffer. Expected value: the reconstruction of the newest step; attribution:
 * each step's share of the squared error. Streams with fewer than {@code window} readings score 0 with
 * confidence 0. Calls are serialized.
 */
public final class DjlAutoencoderDetector implements StreamingDetector {
    public static final String NAME = "djl";
    private static final double CLIP = 10;

    private final DjlConfig config;
    private final AutoencoderNetwork network;
    private final Rng rng;
    private final Map<String, StreamModel> streams = new HashMap<>();
    private final float[][] replay;
    private int replayHead;
    private int replaySize;
    private int untrained;
    private final double alpha;

    public DjlAutoencoderDetector(DjlConfig config) {
        this.config = config;
        this.rng = new Rng(config.seed());
        this.network = new AutoencoderNetwork(DjlRuntime.engine(), config.window(), config.hidden(), config.code(),
                config.learningRate(), rng);
        this.replay = new float[config.replay()][];
        this.alpha = 1 - Math.pow(0.5, 1.0 / config.normHalfLife());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] given, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = StreamingDetector.bounded(given[i]);
        }
        int w = config.window();
        StreamModel[] models = new StreamModel[count];
        float[] input = new float[count * w];
        int[] row = new int[count];
        int rows = 0;
        for (int i = 0; i < count; i++) {
            StreamModel s = streams.computeIfAbsent(ids[i], k -> new StreamModel(config));
            models[i] = s;
            row[i] = -1;
            if (s.ring.size() >= w - 1 && s.count >= w) {
                s.fillWindow(values[i], input, rows * w, w);
                row[i] = rows++;
            }
        }
        float[] output = rows == 0 ? new float[0] : network.reconstruct(Arrays.copyOf(input, rows * w),
                rows);
        AnomalyScore[] out = new AnomalyScore[count];
        for (int i = 0; i < count; i++) {
            out[i] = row[i] < 0 ? warmingUp(values[i])
                    : score(models[i], values[i], input, output, row[i] * w);
        }
        for (int i = 0; i < count; i++) {
            models[i].learn(values[i], alpha);
            if (row[i] >= 0) {
                replay[(replayHead + replaySize) % replay.length] = Arrays.copyOfRange(input, row[i] * w,
                        row[i] * w + w);
                untrained++;
                if (replaySize < replay.length) {
                    replaySize++;
                } else {
                    replayHead = (replayHead + 1) % replay.length;
                }
            }
        }
        if (untrained >= config.trainEvery() && replaySize >= config.trainBatch()) {
            untrained = 0;
            trainStep();
        }
        return out;
    }

    private void trainStep() {
        int w = config.window();
        int b = config.trainBatch();
        float[] batch = new float[b * w];
        for (int k = 0; k < b; k++) {
            System.arraycopy(replay[(replayHead + rng.nextInt(replaySize)) % replay.length], 0, batch, k * w, w);
        }
        network.train(batch, b);
    }

    private AnomalyScore warmingUp(double value) {
        return new AnomalyScore(NAME, 0, value, value, value, Direction.NONE, 0, List.of());
    }

    private AnomalyScore score(StreamModel s, double value, float[] input, float[] output, int offset) {
        int w = config.window();
        double sse = 0;
        double[] errors = new double[w];
        for (int j = 0; j < w; j++) {
            double e = output[offset + j] - input[offset + j];
            errors[j] = e * e;
            sse += errors[j];
        }
        double raw = errors[w - 1];
        double confidence = s.calibrator.confidence();
        double score = s.calibrator.scoreAndLearn(raw);
        double std = s.std();
        double expected = s.mean + output[offset + w - 1] * std;
        double residual = Math.sqrt(s.residual) * std;
        s.residual += 0.01 * (errors[w - 1] - s.residual);
        Direction direction = value > expected ? Direction.ABOVE : value < expected ? Direction.BELOW
                : Direction.NONE;
        List<Contribution> attribution = new ArrayList<>();
        for (int j = 0; j < w && sse > 0; j++) {
            attribution.add(new Contribution(w - 1 - j, Math.min(1, errors[j] / sse)));
        }
        attribution.sort(Comparator.comparingDouble(Contribution::share).reversed());
        return new AnomalyScore(NAME, score, expected, expected - config.rangeK() * residual,
                expected + config.rangeK() * residual, direction, confidence,
                attribution.subList(0, Math.min(4, attribution.size())));
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, DjlState.StreamState> out = new LinkedHashMap<>();
        streams.forEach((id, s) -> out.put(id, new DjlState.StreamState(s.ring.toArray(), s.count, s.mean,
                s.variance, s.residual, s.calibrator.toState())));
        float[][] windows = new float[replaySize][];
        for (int i = 0; i < replaySize; i++) {
            windows[i] = replay[(replayHead + i) % replay.length];
        }
        return StateCodec.write(new DjlState(NAME, DjlState.VERSION, network.toState(), rng.state(), untrained,
                windows, out));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        DjlState state = StateCodec.read(checkpoint, DjlState.class, NAME, DjlState.VERSION);
        // everything that can refuse the checkpoint runs before anything changes
        if (state.replay().length > replay.length) {
            throw new IllegalArgumentException("checkpoint holds " + state.replay().length + " replay windows, "
                    + "djl.replay is " + replay.length);
        }
        for (float[] window : state.replay()) {
            if (window.length != config.window()) {
                throw new IllegalArgumentException("checkpoint's replay windows hold " + window.length
                        + " values, djl.window is " + config.window());
            }
        }
        Map<String, StreamModel> restored = new HashMap<>();
        state.streams().forEach((id, s) -> restored.put(id, StreamModel.of(config, s)));
        network.restore(state.network());
        rng.restore(state.rng());
        untrained = state.untrained();
        Arrays.fill(replay, null);
        for (int i = 0; i < state.replay().length; i++) {
            replay[i] = state.replay()[i].clone();
        }
        replayHead = 0;
        replaySize = state.replay().length;
        streams.clear();
        streams.putAll(restored);
    }

    @Override
    public synchronized void close() {
        network.close();
    }

    /** One stream's window, normalizer and calibrator. */
    private static final class StreamModel {
        final ValueRing ring;
        final ScoreCalibrator calibrator;
        long count;
        double mean;
        double variance;
        double residual = 1;

        StreamModel(DjlConfig config) {
            this(new ValueRing(config.window()), new ScoreCalibrator(config.calibrator()));
        }

        private StreamModel(ValueRing ring, ScoreCalibrator calibrator) {
            this.ring = ring;
            this.calibrator = calibrator;
        }

        static StreamModel of(DjlConfig config, DjlState.StreamState s) {
            StreamModel m = new StreamModel(ValueRing.of(config.window(), s.recent()),
                    ScoreCalibrator.fromState(config.calibrator(), s.calibrator()));
            m.count = s.count();
            m.mean = s.mean();
            m.variance = s.variance();
            m.residual = s.residual();
            return m;
        }

        double std() {
            double floor = 1e-6 * Math.abs(mean) + 1e-9;
            return Math.max(Math.sqrt(variance), floor);
        }

        /** Writes the normalized window ending at {@code value} (not yet learned) at {@code input[offset]}. */
        void fillWindow(double value, float[] input, int offset, int w) {
            double std = std();
            for (int j = 0; j < w - 1; j++) {
                input[offset + j] = normalize(ring.back(w - 2 - j), std);
            }
            input[offset + w - 1] = normalize(value, std);
        }

        private float normalize(double v, double std) {
            return (float) Math.max(-CLIP, Math.min(CLIP, (v - mean) / std));
        }

        void learn(double value, double alpha) {
            count++;
            if (count == 1) {
                mean = value;
                variance = 0;
            } else {
                double a = Math.max(alpha, 1.0 / count);
                double delta = value - mean;
                mean += a * delta;
                variance = (1 - a) * (variance + a * delta * delta);
            }
            ring.add(value);
        }
    }
}
