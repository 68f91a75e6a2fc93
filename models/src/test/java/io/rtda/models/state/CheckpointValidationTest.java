package io.rtda.models.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.ensemble.EnsembleDetector;
import io.rtda.models.score.StreamingDetector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A damaged or mismatched checkpoint is refused by name and leaves the detector exactly as it was: nothing
 * restores silently wrong state, and nothing restores half.
 */
class CheckpointValidationTest {
    private static final DetectorOptions SMALL = DetectorOptions.of(Map.of("rcf.trees", "10", "djl.window", "8",
            "djl.train-batch", "16", "djl.train-every", "4", "djl.replay", "256"));

    @ParameterizedTest
    @ValueSource(strings = {"robust", "rcf", "seasonal", "envelope", "novelty"})
    void shouldRefuseBytesAfterTheCheckpointAndTwoCheckpointsInARow(String name) {
        try (StreamingDetector d = learned(name, SMALL)) {
            byte[] good = d.checkpoint();
            assertRefusedUnchanged(d, concat(good, "GARBAGE{{{".getBytes(StandardCharsets.UTF_8)), "");
            assertRefusedUnchanged(d, concat(good, good), "");
        }
    }

    @Test
    void shouldRefuseACheckpointWithAFieldMissingNamingTheField() {
        try (StreamingDetector robust = learned("robust", SMALL);
                StreamingDetector envelope = learned("envelope", SMALL);
                StreamingDetector rcf = learned("rcf", SMALL)) {
            assertRefusedUnchanged(robust, "{\"detector\":\"robust\",\"version\":1}".getBytes(StandardCharsets.UTF_8),
                    "streams");
            String env = new String(envelope.checkpoint(), StandardCharsets.UTF_8);
            assertTrue(env.contains("\"currentLow\":"), env.substring(0, 200));
            assertRefusedUnchanged(envelope, env.replaceFirst("\"currentLow\":[^,}]*,?", "")
                    .getBytes(StandardCharsets.UTF_8), "currentLow");
            String forest = new String(rcf.checkpoint(), StandardCharsets.UTF_8);
            int calibrator = forest.indexOf("\"calibrator\":");
            assertTrue(calibrator > 0 && forest.indexOf("\"sum\":", calibrator) > 0, "the calibrator holds its sum");
            String damaged = forest.substring(0, calibrator)
                    + forest.substring(calibrator).replaceFirst("\"sum\":[^,}]*,", "");
            assertRefusedUnchanged(rcf, damaged.getBytes(StandardCharsets.UTF_8), "sum");
        }
    }

    @Test
    void shouldRefuseAForestOfAnotherConfigurationNamingTheSettings() {
        try (StreamingDetector small = learned("rcf", DetectorOptions.of(Map.of("rcf.trees", "10")));
                StreamingDetector configured = learned("rcf", DetectorOptions.of(Map.of("rcf.trees", "30",
                        "rcf.shingle", "8")))) {
            IllegalArgumentException e = assertRefusedUnchanged(configured, small.checkpoint(), "shingle 4, 10 trees");
            assertTrue(e.getMessage().contains("rcf.trees"), e.getMessage());
        }
    }

    @Test
    void shouldLeaveTheAutoencoderAsItWasWhenItsReplayDoesNotFit() {
        try (StreamingDetector big = learned("djl", SMALL.with("djl.replay", "512"));
                StreamingDetector small = learned("djl", SMALL.with("djl.replay", "32"))) {
            assertRefusedUnchanged(small, big.checkpoint(), "replay windows");
        }
    }

    @Test
    void shouldLeaveEveryEnsembleMemberAsItWasWhenOneRefusesItsPart() {
        DetectorOptions ensemble = SMALL.with("ensemble.members", "robust,rcf").with("ensemble.weights", "1,1")
                .with("ensemble.max-members", "envelope").with("ensemble.max-weights", "0.8");
        DetectorOptions otherForest = ensemble.with("rcf.trees", "20");
        try (StreamingDetector source = learned("ensemble", ensemble);
                StreamingDetector target = learned("ensemble", otherForest)) {
            // the robust member would restore, the forest refuses: robust must not stay restored
            assertRefusedUnchanged(target, source.checkpoint(), "trees");
        }
    }

    /**
     * An upgrade that adds a max member (as `novelty` joined the default ensemble) keeps what the others learned:
     * the old checkpoint restores every member it holds, and the new member starts as built.
     */
    @Test
    void shouldRestoreAnEnsembleCheckpointTakenBeforeAMemberJoined() {
        DetectorOptions before = SMALL.with("ensemble.max-members", "seasonal,envelope")
                .with("ensemble.max-weights", "0.7,0.8");
        try (StreamingDetector old = learned("ensemble", before); StreamingDetector now = learned("ensemble", SMALL);
                StreamingDetector fresh = Detectors.create("novelty", SMALL.with("novelty.suppress-half-life", "0"))) {
            now.restore(old.checkpoint());
            EnsembleDetector.State was = StateCodec.read(old.checkpoint(), EnsembleDetector.State.class, "ensemble",
                    EnsembleDetector.State.VERSION);
            EnsembleDetector.State is = StateCodec.read(now.checkpoint(), EnsembleDetector.State.class, "ensemble",
                    EnsembleDetector.State.VERSION);
            assertEquals(List.of("rcf", "djl", "robust", "seasonal", "envelope"), List.copyOf(was.members().keySet()));
            was.members().forEach((name, state) -> assertEquals(state, is.members().get(name), name + " restored"));
            assertEquals(new String(fresh.checkpoint(), StandardCharsets.UTF_8), is.members().get("novelty"),
                    "the member the checkpoint lacks starts as built, not as it had learned");
            assertEquals(was.peaks(), is.peaks());
        }
    }

    @Test
    void shouldRefuseAnEnsembleCheckpointWithNoMemberOfThisEnsemble() {
        DetectorOptions robustOnly = SMALL.with("ensemble.members", "robust").with("ensemble.weights", "1")
                .with("ensemble.max-members", "");
        DetectorOptions forestOnly = SMALL.with("ensemble.members", "rcf").with("ensemble.weights", "1")
                .with("ensemble.max-members", "envelope").with("ensemble.max-weights", "0.8");
        try (StreamingDetector robust = learned("ensemble", robustOnly);
                StreamingDetector forest = learned("ensemble", forestOnly)) {
            assertRefusedUnchanged(forest, robust.checkpoint(), "no state for any member of this ensemble [rcf, "
                    + "envelope]; it holds [robust]");
        }
    }

    private static IllegalArgumentException assertRefusedUnchanged(StreamingDetector d, byte[] bad, String says) {
        byte[] before = d.checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.restore(bad));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertArrayEquals(before, d.checkpoint(), d.name() + ": a refused checkpoint changed the detector");
        return e;
    }

    private static StreamingDetector learned(String name, DetectorOptions options) {
        StreamingDetector d = Detectors.create(name, options);
        Random random = new Random(7);
        String[] ids = {"a", "b"};
        for (int t = 0; t < 300; t++) {
            long ts = 1_700_000_000_000L + t * 300_000L;
            d.observe(ids, new long[] {ts, ts}, new double[] {random.nextGaussian(), 5 + random.nextGaussian()}, 2);
        }
        return d;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
