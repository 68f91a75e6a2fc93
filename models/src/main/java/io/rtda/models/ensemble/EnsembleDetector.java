package io.rtda.models.ensemble;

import io.rtda.models.calibrate.RepeatSuppressor;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Contribution;
import io.rtda.models.score.StreamingDetector;
import io.rtda.models.state.StateCodec;
import io.rtda.models.state.VersionedState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Weighted mean of the mean members' scores, raised to any max member's weighted score that is larger
 * (members built without their own repeat suppression), then one {@link RepeatSuppressor} per stream. Mean
 * members see the same kinds of anomaly from different angles (a forest, an autoencoder, a robust z), so
 * averaging them cuts their separate false alarms; a max member sees a kind the others cannot (the seasonal
 * context), which a mean would dilute. The result takes expected value, range, direction and attribution
 * from the member that contributed most (the max member that set the score, else the mean member with the
 * largest weighted score), and the smallest mean member's confidence (a max member that needs days of
 * history to speak does not hold the others' confidence down). Closing the ensemble closes its members.
 * A checkpoint that lacks a member's state (taken before that member joined the ensemble) restores the
 * others; that member goes back to its state when the ensemble was built and learns from there (logged as
 * {@code RTDA-MOD-003}). Calls are serialized.
 */
public final class EnsembleDetector implements StreamingDetector {
    public static final String NAME = "ensemble";
    private static final Logger LOG = Logger.getLogger(EnsembleDetector.class.getName());

    private final List<StreamingDetector> members;
    /** Each member's checkpoint as it was built: where a member absent from a restored checkpoint starts. */
    private final List<byte[]> built;
    private final double[] weights;
    private final int meanMembers;
    private final int suppressHalfLife;
    private final Map<String, RepeatSuppressor> suppressors = new HashMap<>();

    /** An ensemble of mean members only. */
    public EnsembleDetector(List<StreamingDetector> members, double[] weights, int suppressHalfLife) {
        this(members, weights, List.of(), new double[0], suppressHalfLife);
    }

    /**
     * @param members          mean members (at least one)
     * @param weights          their weights in the mean
     * @param maxMembers       max members (may be empty)
     * @param maxWeights       the factor each max member's score is weighted by before the max
     * @param suppressHalfLife the ensemble's repeat suppression half-life in readings (0: off)
     */
    public EnsembleDetector(List<StreamingDetector> members, double[] weights, List<StreamingDetector> maxMembers,
            double[] maxWeights, int suppressHalfLife) {
        if (members.isEmpty() || members.size() != weights.length) {
            throw new IllegalArgumentException("ensemble needs one weight per member, had " + members.size()
                    + " members and " + weights.length + " weights");
        }
        if (maxMembers.size() != maxWeights.length) {
            throw new IllegalArgumentException("ensemble needs one weight per max member, had " + maxMembers.size()
                    + " max members and " + maxWeights.length + " weights");
        }
        for (double w : maxWeights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("ensemble max weights must be finite and >= 0, were "
                        + Arrays.toString(maxWeights));
            }
        }
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("ensemble weights must be finite and >= 0, were "
                        + Arrays.toString(weights));
            }
        }
        if (suppressHalfLife < 0) {
            throw new IllegalArgumentException("ensemble.suppress-half-life must be >= 0, was " + suppressHalfLife);
        }
        List<StreamingDetector> all = new ArrayList<>(members);
        all.addAll(maxMembers);
        this.members = List.copyOf(all);
        this.built = new ArrayList<>();
        for (StreamingDetector m : this.members) {
            built.add(m.checkpoint());
        }
        this.meanMembers = members.size();
        this.weights = new double[all.size()];
        System.arraycopy(weights, 0, this.weights, 0, weights.length);
        System.arraycopy(maxWeights, 0, this.weights, weights.length, maxWeights.length);
        this.suppressHalfLife = suppressHalfLife;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized AnomalyScore[] observe(String[] ids, long[] timestamps, double[] values, int count) {
        AnomalyScore[][] byMember = new AnomalyScore[members.size()][];
        for (int m = 0; m < members.size(); m++) {
            byMember[m] = members.get(m).observe(ids, timestamps, values, count);
        }
        double total = 0;
        for (int m = 0; m < meanMembers; m++) {
            total += weights[m];
        }
        AnomalyScore[] out = new AnomalyScore[count];
        for (int i = 0; i < count; i++) {
            double sum = 0;
            double confidence = 1;
            int lead = 0;
            for (int m = 0; m < meanMembers; m++) {
                AnomalyScore s = byMember[m][i];
                sum += weights[m] * s.score();
                confidence = Math.min(confidence, s.confidence());
                if (weights[m] * s.score() > weights[lead] * byMember[lead][i].score()) {
                    lead = m;
                }
            }
            double combined = total > 0 ? sum / total : 0;
            for (int m = meanMembers; m < members.size(); m++) {
                AnomalyScore s = byMember[m][i];
                if (weights[m] * s.score() > combined) {
                    combined = weights[m] * s.score();
                    lead = m;
                }
            }
            double score = suppressors.computeIfAbsent(ids[i], k -> new RepeatSuppressor(suppressHalfLife))
                    .apply(combined);
            AnomalyScore l = byMember[lead][i];
            List<Contribution> attribution = new ArrayList<>(l.attribution());
            out[i] = new AnomalyScore(NAME, Math.min(1, Math.max(0, score)), l.expected(), l.expectedLow(),
                    l.expectedHigh(), l.direction(), confidence, attribution);
        }
        return out;
    }

    @Override
    public synchronized byte[] checkpoint() {
        Map<String, String> parts = new LinkedHashMap<>();
        for (StreamingDetector m : members) {
            parts.put(m.name(), new String(m.checkpoint(), StandardCharsets.UTF_8));
        }
        Map<String, Double> peaks = new LinkedHashMap<>();
        suppressors.forEach((id, s) -> peaks.put(id, s.peak()));
        return StateCodec.write(new State(NAME, State.VERSION, parts, peaks));
    }

    @Override
    public synchronized void restore(byte[] checkpoint) {
        State state = StateCodec.read(checkpoint, State.class, NAME, State.VERSION);
        List<String> absent = new ArrayList<>();
        for (StreamingDetector m : members) {
            if (state.members().get(m.name()) == null) {
                absent.add(m.name());
            }
        }
        if (absent.size() == members.size()) {
            throw new IllegalArgumentException("ensemble checkpoint has no state for any member of this ensemble "
                    + absent + "; it holds " + state.members().keySet());
        }
        // a member that refuses its part must not leave the others restored: they go back to where they were
        List<byte[]> before = new ArrayList<>();
        for (StreamingDetector m : members) {
            before.add(m.checkpoint());
        }
        for (int i = 0; i < members.size(); i++) {
            String saved = state.members().get(members.get(i).name());
            try {
                members.get(i).restore(saved == null ? built.get(i) : saved.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                for (int k = 0; k < i; k++) {
                    members.get(k).restore(before.get(k));
                }
                throw e;
            }
        }
        if (!absent.isEmpty()) {
            LOG.warning(() -> "RTDA-MOD-003 the ensemble checkpoint has no state for " + absent
                    + " (added to the ensemble since it was taken): restored the other members; " + absent
                    + " start from scratch");
        }
        suppressors.clear();
        state.peaks().forEach((id, peak) -> {
            suppressors.put(id, RepeatSuppressor.restored(suppressHalfLife, peak));
        });
    }

    @Override
    public synchronized void close() {
        for (StreamingDetector m : members) {
            m.close();
        }
    }

    /**
     * Version {@value #VERSION}: each member's own checkpoint and each stream's suppressor peak.
     *
     * @param detector {@value EnsembleDetector#NAME}
     * @param version  format version
     * @param members  member name to its checkpoint (JSON text)
     * @param peaks    stream id to its suppressor peak
     */
    public record State(String detector, int version, Map<String, String> members, Map<String, Double> peaks)
            implements VersionedState {
        public static final int VERSION = 1;
    }
}
