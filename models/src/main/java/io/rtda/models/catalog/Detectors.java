package io.rtda.models.catalog;

import io.rtda.models.baseline.RobustStreamingDetector;
import io.rtda.models.calibrate.CalibratorConfig;
import io.rtda.models.djl.DjlAutoencoderDetector;
import io.rtda.models.djl.DjlConfig;
import io.rtda.models.ensemble.EnsembleDetector;
import io.rtda.models.envelope.EnvelopeConfig;
import io.rtda.models.envelope.EnvelopeDetector;
import io.rtda.models.novelty.NoveltyConfig;
import io.rtda.models.novelty.NoveltyDetector;
import io.rtda.models.rcf.RcfConfig;
import io.rtda.models.rcf.RcfDetector;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.seasonal.SeasonalConfig;
import io.rtda.models.seasonal.SeasonalDetector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Builds streaming detectors by name. */
public final class Detectors {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of(RobustStreamingDetector.NAME, RcfDetector.NAME,
            DjlAutoencoderDetector.NAME, SeasonalDetector.NAME, EnvelopeDetector.NAME, NoveltyDetector.NAME,
            EnsembleDetector.NAME);

    private static final List<String> DEFAULT_MAX_MEMBERS = List.of(SeasonalDetector.NAME, EnvelopeDetector.NAME,
            NoveltyDetector.NAME);
    /** Each max member's default weight; any other detector as a max member weighs 0.7. */
    private static final Map<String, String> MAX_WEIGHTS = Map.of(SeasonalDetector.NAME, "0.7",
            EnvelopeDetector.NAME, "0.8", NoveltyDetector.NAME, "0.7");

    private Detectors() {
    }

    /**
     * @param name    one of {@link #NAMES}
     * @param options detector options (keys prefixed by the detector name, e.g. {@code rcf.trees}); a key that
     *                names no detector, or that the detector built here does not know, is refused by name
     */
    public static StreamingDetector create(String name, DetectorOptions options) {
        DetectorOptions tracked = options.tracked();
        StreamingDetector detector = build(name, tracked);
        try {
            tracked.refuseUnknown(NAMES);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        return detector;
    }

    private static StreamingDetector build(String name, DetectorOptions options) {
        return switch (name) {
            case RobustStreamingDetector.NAME -> new RobustStreamingDetector(options.intValue("robust.window", 256),
                    options.doubleValue("robust.range-k", 3), options.intValue("robust.warmup", 32),
                    options.intValue("robust.suppress-half-life", 300));
            case RcfDetector.NAME -> new RcfDetector(rcfConfig(options));
            case DjlAutoencoderDetector.NAME -> new DjlAutoencoderDetector(djlConfig(options));
            case SeasonalDetector.NAME -> new SeasonalDetector(seasonalConfig(options));
            case EnvelopeDetector.NAME -> new EnvelopeDetector(envelopeConfig(options));
            case NoveltyDetector.NAME -> new NoveltyDetector(noveltyConfig(options));
            case EnsembleDetector.NAME -> ensemble(options);
            default -> throw new IllegalArgumentException("rtda.model.detector must be one of " + NAMES + ", was '"
                    + name + "'");
        };
    }

    static CalibratorConfig calibrator(String prefix, DetectorOptions o, CalibratorConfig d) {
        return new CalibratorConfig(o.intValue(prefix + ".history", d.history()),
                o.intValue(prefix + ".short-window", d.shortWindow()), o.intValue(prefix + ".warmup", d.warmup()),
                o.doubleValue(prefix + ".decades", d.decades()), o.doubleValue(prefix + ".min-std", d.minStd()),
                o.intValue(prefix + ".suppress-half-life", d.suppressHalfLife()),
                o.intValue(prefix + ".repeats", d.repeats()));
    }

    static RcfConfig rcfConfig(DetectorOptions o) {
        RcfConfig d = RcfConfig.defaults();
        return new RcfConfig(o.intValue("rcf.shingle", d.shingle()), o.intValue("rcf.trees", d.trees()),
                o.intValue("rcf.sample-size", d.sampleSize()), o.intValue("rcf.seed", (int) d.seed()),
                o.doubleValue("rcf.range-k", d.rangeK()), calibrator("rcf", o, d.calibrator()),
                o.intValue("rcf.threads", d.threads()));
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

    static SeasonalConfig seasonalConfig(DetectorOptions o) {
        SeasonalConfig d = SeasonalConfig.defaults();
        return new SeasonalConfig(o.intValue("seasonal.bins-per-day", d.binsPerDay()),
                o.intValue("seasonal.days", d.days()), o.intValue("seasonal.weeks", d.weeks()),
                o.doubleValue("seasonal.range-k", d.rangeK()), calibrator("seasonal", o, d.calibrator()));
    }

    static EnvelopeConfig envelopeConfig(DetectorOptions o) {
        EnvelopeConfig d = EnvelopeConfig.defaults();
        return new EnvelopeConfig(o.intValue("envelope.window", d.window()), o.intValue("envelope.block", d.block()),
                o.doubleValue("envelope.margin", d.margin()), o.intValue("envelope.warmup", d.warmup()),
                o.intValue("envelope.suppress-half-life", d.suppressHalfLife()));
    }

    static NoveltyConfig noveltyConfig(DetectorOptions o) {
        NoveltyConfig d = NoveltyConfig.defaults();
        return new NoveltyConfig(o.intValue("novelty.window", d.window()),
                o.doubleValue("novelty.vigilance", d.vigilance()), o.intValue("novelty.categories", d.categories()),
                o.intValue("novelty.range-window", d.rangeWindow()), o.intValue("novelty.range-block", d.rangeBlock()),
                o.intValue("novelty.warmup", d.warmup()),
                o.intValue("novelty.suppress-half-life", d.suppressHalfLife()),
                o.doubleValue("novelty.noise-floor", d.noiseFloor()),
                o.intValue("novelty.noise-half-life", d.noiseHalfLife()));
    }

    /**
     * {@code ensemble.members} (default {@code rcf,djl,robust}) with {@code ensemble.weights} (default
     * {@code 2,1,1}: the forest, the strongest member alone, counts twice) are averaged;
     * {@code ensemble.max-members} (default {@code seasonal,envelope,novelty}; empty for none) with {@code
     * ensemble.max-weights} (default: 0.7 for seasonal, 0.8 for envelope, 0.7 for novelty or any other) raise
     * the mean to their weighted score when it is larger;
     * {@code ensemble.suppress-half-life} (300) suppresses repeats of the result. Members suppress nothing
     * themselves.
     */
    static StreamingDetector ensemble(DetectorOptions options) {
        List<String> names = memberNames(options, "ensemble.members", "rcf,djl,robust");
        List<String> maxNames = memberNames(options, "ensemble.max-members",
                String.join(",", DEFAULT_MAX_MEMBERS));
        double[] weights = weights(options, "ensemble.weights", "2,1,1", names);
        double[] maxWeights = weights(options, "ensemble.max-weights", String.join(",",
                maxNames.stream().map(n -> MAX_WEIGHTS.getOrDefault(n, "0.7")).toList()), maxNames);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("ensemble.members must name at least one detector");
        }
        List<StreamingDetector> members = new ArrayList<>();
        List<StreamingDetector> maxMembers = new ArrayList<>();
        try {
            for (String name : names) {
                members.add(build(name, options.with(name + ".suppress-half-life", "0")));
            }
            for (String name : maxNames) {
                maxMembers.add(build(name, options.with(name + ".suppress-half-life", "0")));
            }
            return new EnsembleDetector(members, weights, maxMembers, maxWeights,
                    options.intValue("ensemble.suppress-half-life", 300));
        } catch (RuntimeException e) {
            members.forEach(StreamingDetector::close);
            maxMembers.forEach(StreamingDetector::close);
            throw e;
        }
    }

    private static List<String> memberNames(DetectorOptions options, String key, String defaults) {
        List<String> names = new ArrayList<>();
        for (String n : options.stringValue(key, defaults).split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        for (String n : names) {
            if (n.equals(EnsembleDetector.NAME)) {
                throw new IllegalArgumentException(key + " cannot contain the ensemble itself");
            }
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException(key + " must name detectors of " + NAMES + ", had '" + n + "'");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(key + " names a detector twice: " + names);
        }
        return names;
    }

    private static double[] weights(DetectorOptions options, String key, String defaults, List<String> names) {
        String set = options.stringValue(key, null);
        if (names.isEmpty() && (set == null || set.isBlank())) {
            return new double[0];
        }
        String text = set == null ? defaults : set;
        String[] parts = text.split(",");
        if (parts.length != names.size()) {
            throw new IllegalArgumentException(key + " needs one weight per member of " + names + ", was '" + text
                    + "'");
        }
        double[] weights = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            weights[i] = DetectorOptions.of(Map.of(key, parts[i].trim())).doubleValue(key, 1);
        }
        return weights;
    }
}
