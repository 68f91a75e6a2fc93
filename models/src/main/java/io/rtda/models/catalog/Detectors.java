package io.rtda.models.catalog;

import io.rtda.models.baseline.RobustStreamingDetector;
import io.rtda.models.calibrate.CalibratorConfig;
import io.rtda.models.djl.DjlAutoencoderDetector;
import io.rtda.models.djl.DjlConfig;
import io.rtda.models.ensemble.EnsembleDetector;
import io.rtda.models.rcf.RcfConfig;
import io.rtda.models.rcf.RcfDetector;
import io.rtda.models.score.StreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds streaming detectors by name. */
public final class Detectors {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of(RobustStreamingDetector.NAME, RcfDetector.NAME,
            DjlAutoencoderDetector.NAME, EnsembleDetector.NAME);

    private Detectors() {
    }

    /**
     * @param name    one of {@link #NAMES}
     * @param options detector options (keys prefixed by the detector name, e.g. {@code rcf.trees})
     */
    public static StreamingDetector create(String name, DetectorOptions options) {
        return switch (name) {
            case RobustStreamingDetector.NAME -> new RobustStreamingDetector(options.intValue("robust.window", 256),
                    options.doubleValue("robust.range-k", 3), options.intValue("robust.warmup", 32),
                    options.intValue("robust.suppress-half-life", 300));
            case RcfDetector.NAME -> new RcfDetector(rcfConfig(options));
            case DjlAutoencoderDetector.NAME -> new DjlAutoencoderDetector(djlConfig(options));
            case EnsembleDetector.NAME -> ensemble(options);
            default -> throw new IllegalArgumentException("rtda.model.detector must be one of " + NAMES + ", was '"
                    + name + "'");
        };
    }

    static CalibratorConfig calibrator(String prefix, DetectorOptions o, CalibratorConfig d) {
        return new CalibratorConfig(o.intValue(prefix + ".history", d.history()),
                o.intValue(prefix + ".short-window", d.shortWindow()), o.intValue(prefix + ".warmup", d.warmup()),
                o.doubleValue(prefix + ".decades", d.decades()), o.doubleValue(prefix + ".min-std", d.minStd()),
                o.intValue(prefix + ".suppress-half-life", d.suppressHalfLife()));
    }

    static RcfConfig rcfConfig(DetectorOptions o) {
        RcfConfig d = RcfConfig.defaults();
        return new RcfConfig(o.intValue("rcf.shingle", d.shingle()), o.intValue("rcf.trees", d.trees()),
                o.intValue("rcf.sample-size", d.sampleSize()), o.intValue("rcf.seed", (int) d.seed()),
                o.doubleValue("rcf.range-k", d.rangeK()), calibrator("rcf", o, d.calibrator()));
    }

    static DjlConfig djlConfig(DetectorOptions o) {
        DjlConfig d = DjlConfig.defaults();
        return new DjlConfig(o.intValue("djl.window", d.window()), o.intValue("djl.hidden", d.hidden()),
                o.intValue("djl.code", d.code()), o.doubleValue("djl.learning-rate", d.learningRate()),
                o.intValue("djl.train-batch", d.trainBatch()), o.intValue("djl.train-every", d.trainEvery()),
                o.intValue("djl.replay", d.replay()),
                o.intValue("djl.norm-half-life", d.normHalfLife()), o.intValue("djl.seed", (int) d.seed()),
                o.doubleValue("djl.range-k", d.rangeK()), calibrator("djl", o, d.calibrator()));
    }

    /**
     * {@code ensemble.members} (default {@code rcf,djl,robust}), {@code ensemble.weights} (default
     * {@code 2,1,1}: the forest, the strongest member alone, counts twice) and {@code
     * ensemble.suppress-half-life} (300); members suppress nothing themselves.
     */
    static StreamingDetector ensemble(DetectorOptions options) {
        String[] names = options.stringValue("ensemble.members", "rcf,djl,robust").split(",");
        String[] weightText = options.stringValue("ensemble.weights", "2,1,1").split(",");
        if (weightText.length != names.length) {
            throw new IllegalArgumentException("ensemble.weights needs one weight per member of " + List.of(names)
                    + ", was " + List.of(weightText));
        }
        double[] weights = new double[names.length];
        List<StreamingDetector> members = new ArrayList<>();
        try {
            for (int i = 0; i < names.length; i++) {
                String name = names[i].trim();
                if (name.equals(EnsembleDetector.NAME)) {
                    throw new IllegalArgumentException("ensemble.members cannot contain the ensemble itself");
                }
                weights[i] = DetectorOptions.of(Map.of("w", weightText[i].trim())).doubleValue("w", 1);
                members.add(create(name, options.with(name + ".suppress-half-life", "0")));
            }
            return new EnsembleDetector(members, weights, options.intValue("ensemble.suppress-half-life", 300));
        } catch (RuntimeException e) {
            members.forEach(StreamingDetector::close);
            throw e;
        }
    }
}
