package io.rtda.models.rcf;

import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.returntypes.DiVector;
import io.rtda.models.calibrate.ScoreCalibrator;
import io.rtda.models.history.ValueRing;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Contribution;
import io.rtda.models.score.Direction;
import io.rtda.models.score.PerStream;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.state.StateCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thresholded Random Cut Forest per stream over a shingle of its values (internal shingling,
 * normalized input). {@code process} scores a point before adding it to the forest, so the detector is
 * strictly streaming. Score: the forest's displacement score calibrated per stream ({@link
 * ScoreCalibrator}); expected value: the forest's own when it flags an anomaly, else the recent median;
 * attribution: the forest's per-dimension attribution mapped to time steps. Calls are serialized; a call with
 * many streams is split over {@code rcf.threads} threads, one stream's forest on one of them.
 */
public final class RcfDetector implements StreamingDetector {
    public static final String NAME = "rcf";
    private static final int RANGE_WINDOW = 256;

    private final RcfConfig config;
    private final PerStream<Stream> streams;

    public RcfDetector(RcfConfig config) {
        this.config = config;
        this.streams = new PerStream<>(this::newStream, config.threads(), "rtda-rcf");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        return streams.observe(ids, timestamps, values, count, this::score);
    }

    private Stream newStream(String id) {
        ThresholdedRandomCutForest forest = ThresholdedRandomCutForest.builder()
                .dimensions(config.shingle()).shingleSize(config.shingle()).internalShinglingEnabled(true)
                .numberOfTrees(config.trees()).sampleSize(config.sampleSize()).precision(Precision.FLOAT_32)
                .transformMethod(TransformMethod.NORMALIZE).randomSeed(config.seed() ^ id.hashCode() * 0x9E3779B9L)
                .build();
        return new Stream(forest, new ScoreCalibrator(config.calibrator()), new ValueRing(RANGE_WINDOW));
    }

    private AnomalyScore score(Stream s, long timestamp, double value) {
        AnomalyDescriptor d = s.forest.process(new double[] {value}, timestamp);
        double raw = d.getRCFScore();
        double confidence = s.calibrator.confidence();
        double score = s.calibrator.scoreAndLearn(raw);
        double[] ms = s.ring.size() > 0 ? s.ring.medianAndSigma() : new double[] {value, 0};
        s.ring.add(value);
        double expected = ms[0];
        if (d.getAnomalyGrade() > 0 && d.isExpectedValuesPresent() && d.getRelativeIndex() == 0) {
            expected = d.getExpectedValuesList()[0][0];
        }
        Direction direction = value > expected ? Direction.ABOVE : value < expected ? Direction.BELOW
                : Direction.NONE;
        return new AnomalyScore(NAME, score, expected, ms[0] - config.rangeK() * ms[1],
                ms[0] + config.rangeK() * ms[1], direction, confidence, attribution(d));
    }

    /** The forest attributes its score to shingle dimensions; dimension {@code shingle - 1} is the newest. */
    private List<Contribution> attribution(AnomalyDescriptor d) {
        DiVector a = d.getAttribution();
        if (a == null) {
            return List.of();
        }
        double total = 0;
        for (int i = 0; i < a.getDimensions(); i++) {
            total += a.high[i] + a.low[i];
        }
        if (!(total > 0)) {
            return List.of();
        }
        List<Contribution> out = new ArrayList<>();
        for (int i = 0; i < a.getDimensions(); i++) {
            double share = (a.high[i] + a.low[i]) / total;
            out.add(new Contribution(a.getDimensions() - 1 - i, Math.min(1, Math.max(0, share))));
        }
        out.sort(Comparator.comparingDouble(Contribution::share).reversed());
        return out;
    }

    @Override
    public synchronized byte[] checkpoint() {
        ThresholdedRandomCutForestMapper mapper = new ThresholdedRandomCutForestMapper();
        Map<String, RcfState.StreamState> out = new LinkedHashMap<>();
        streams.states().forEach((id, s) -> out.put(id, new RcfState.StreamState(mapper.toState(s.forest),
                s.calibrator.toState(), s.ring.toArray())));
        return StateCodec.write(new RcfState(NAME, RcfState.VERSION, out));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        RcfState state = StateCodec.read(checkpoint, RcfState.class, NAME, RcfState.VERSION);
        ThresholdedRandomCutForestMapper mapper = new ThresholdedRandomCutForestMapper();
        Map<String, Stream> restored = new HashMap<>();
        state.streams().forEach((id, s) -> restored.put(id, new Stream(checked(id, mapper.toModel(s.forest())),
                ScoreCalibrator.fromState(config.calibrator(), s.calibrator()),
                ValueRing.of(RANGE_WINDOW, s.recent()))));
        streams.replaceAll(restored);
    }

    /** A restored forest must be the configured one: its own settings would otherwise silently win. */
    private ThresholdedRandomCutForest checked(String id, ThresholdedRandomCutForest forest) {
        int shingle = forest.getForest().getShingleSize();
        int trees = forest.getForest().getNumberOfTrees();
        int sample = forest.getForest().getSampleSize();
        if (shingle != config.shingle() || trees != config.trees() || sample != config.sampleSize()) {
            throw new IllegalArgumentException("rcf checkpoint's forest for stream " + id + " has shingle " + shingle
                    + ", " + trees + " trees, sample " + sample + "; this detector is configured with shingle "
                    + config.shingle() + ", " + config.trees() + " trees, sample " + config.sampleSize()
                    + " (rcf.shingle, rcf.trees, rcf.sample-size)");
        }
        return forest;
    }

    @Override
    public void close() {
        streams.close();
    }

    private record Stream(ThresholdedRandomCutForest forest, ScoreCalibrator calibrator, ValueRing ring) {
    }
}
