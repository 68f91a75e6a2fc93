package io.rtda.models.seasonal;

import io.rtda.models.calibrate.CalibratorConfig;
import io.rtda.models.calibrate.CalibratorState;
import io.rtda.models.calibrate.RepeatSuppressor;
import io.rtda.models.calibrate.ScoreCalibrator;
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
 * Seasonal context: each reading is compared with what the stream usually reads in the same slot of the day
 * (the median of that hour's means over the last {@code days} days) and of the week (the same hour and
 * weekday over the last {@code weeks} weeks). Each absolute deviation is calibrated per stream by its own
 * {@link ScoreCalibrator} (point and short-mean tails); the score is the larger of the two surprises, so a
 * reading is anomalous when either cycle finds it unusual (a Thursday holiday looks like a Sunday: the daily
 * profile may accept it, the weekly one does not), then repeat-suppressed. Slots come from the event time in
 * UTC. Until two past days (weeks) are held for a slot, that profile is silent; the score stays 0 through
 * the calibrators' warm-up. Cheap: two small medians per reading, {@code 24 * (days + 7 * weeks)} doubles per
 * stream with the defaults. Calls are serialized.
 */
public final class SeasonalDetector implements StreamingDetector {
    public static final String NAME = "seasonal";
    private static final long DAY_MS = 86_400_000L;
    /** The standard deviation of a normal deviation over its mean absolute value, sqrt(pi / 2). */
    private static final double SIGMA_PER_MEAN_ABS = Math.sqrt(Math.PI / 2);

    private final SeasonalConfig config;
    private final CalibratorConfig calibrator;
    private final PerStream<Stream> streams = new PerStream<>(id -> newStream());

    public SeasonalDetector(SeasonalConfig config) {
        this.config = config;
        CalibratorConfig c = config.calibrator();
        this.calibrator = new CalibratorConfig(c.history(), c.shortWindow(), c.warmup(), c.decades(), c.minStd(), 0,
                c.repeats());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        return streams.observe(ids, timestamps, values, count, this::observe);
    }

    private Stream newStream() {
        return new Stream(newProfile(1), newProfile(7), new ScoreCalibrator(calibrator),
                new ScoreCalibrator(calibrator), new RepeatSuppressor(config.calibrator().suppressHalfLife()));
    }

    private SeasonalProfile newProfile(int days) {
        return new SeasonalProfile(days * config.binsPerDay(), days == 1 ? config.days() : config.weeks());
    }

    private AnomalyScore observe(Stream s, long timestamp, double x) {
        long day = Math.floorDiv(timestamp, DAY_MS);
        int slot = (int) (Math.floorMod(timestamp, DAY_MS) * config.binsPerDay() / DAY_MS);
        int weekSlot = (int) Math.floorMod(day + 3, 7) * config.binsPerDay() + slot; // Monday first
        long week = Math.floorDiv(day + 3, 7);
        double daily = s.daily.expected(slot, day);
        double weekly = s.weekly.expected(weekSlot, week);
        double score = 0;
        if (!Double.isNaN(daily)) {
            score = s.dailyCalibrator.scoreAndLearn(Math.abs(x - daily));
        }
        if (!Double.isNaN(weekly)) {
            score = Math.max(score, s.weeklyCalibrator.scoreAndLearn(Math.abs(x - weekly)));
        }
        s.daily.learn(slot, day, x);
        s.weekly.learn(weekSlot, week, x);
        score = s.suppressor.apply(score);
        boolean useWeekly = !Double.isNaN(weekly);
        double expected = useWeekly ? weekly : Double.isNaN(daily) ? x : daily;
        double spread = config.rangeK() * SIGMA_PER_MEAN_ABS
                * (useWeekly ? s.weeklyCalibrator : s.dailyCalibrator).heldMean();
        Direction direction = x > expected ? Direction.ABOVE : x < expected ? Direction.BELOW : Direction.NONE;
        return new AnomalyScore(NAME, Math.min(1, Math.max(0, score)), expected, expected - spread,
                expected + spread, direction, s.dailyCalibrator.confidence(), AnomalyScore.NEWEST_ONLY);
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, StreamState> out = new LinkedHashMap<>();
        streams.states().forEach((id, s) -> out.put(id, new StreamState(s.daily.toState(), s.weekly.toState(),
                s.dailyCalibrator.toState(), s.weeklyCalibrator.toState(), s.suppressor.peak())));
        return StateCodec.write(new State(NAME, State.VERSION, config.binsPerDay(), out));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        State state = StateCodec.read(checkpoint, State.class, NAME, State.VERSION);
        if (state.binsPerDay() != config.binsPerDay()) {
            throw new IllegalArgumentException("seasonal checkpoint has " + state.binsPerDay()
                    + " bins per day, this detector " + config.binsPerDay());
        }
        Map<String, Stream> restored = new HashMap<>();
        state.streams().forEach((id, s) -> {
            restored.put(id, new Stream(
                    SeasonalProfile.fromState(config.binsPerDay(), config.days(), s.daily()),
                    SeasonalProfile.fromState(7 * config.binsPerDay(), config.weeks(), s.weekly()),
                    ScoreCalibrator.fromState(calibrator, s.dailyCalibrator()),
                    ScoreCalibrator.fromState(calibrator, s.weeklyCalibrator()),
                    RepeatSuppressor.restored(config.calibrator().suppressHalfLife(), s.peak())));
        });
        streams.replaceAll(restored);
    }

    /** One stream's profiles, calibrators and suppressor. */
    private record Stream(SeasonalProfile daily, SeasonalProfile weekly, ScoreCalibrator dailyCalibrator,
            ScoreCalibrator weeklyCalibrator, RepeatSuppressor suppressor) {
    }

    /**
     * Version {@value #VERSION}.
     *
     * @param detector   {@value SeasonalDetector#NAME}
     * @param version    format version
     * @param binsPerDay the slots per day the profiles were built with
     * @param streams    stream id to its state
     */
    public record State(String detector, int version, int binsPerDay, Map<String, StreamState> streams)
            implements VersionedState {
        public static final int VERSION = 1;
    }

    /**
     * One stream's state.
     *
     * @param daily             the hour-of-day profile
     * @param weekly            the hour-of-week profile
     * @param dailyCalibrator   calibration of the deviation from the daily expectation
     * @param weeklyCalibrator  calibration of the deviation from the weekly expectation
     * @param peak              the repeat suppressor's remembered peak
     */
    public record StreamState(ProfileState daily, ProfileState weekly, CalibratorState dailyCalibrator,
            CalibratorState weeklyCalibrator, double peak) {
    }
}
