package io.rtda.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.score.StreamingDetector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    @Test
    void shouldCreateEachCheapDetectorByName() {
        for (String name : List.of("robust", "rcf")) {
            try (StreamingDetector d = Detectors.create(name, DetectorOptions.defaults())) {
                assertEquals(name, d.name());
            }
        }
    }

    @Test
    void shouldNameTheSettingAndTheChoicesForAnUnknownDetector() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("lstm", DetectorOptions.defaults()));
        assertTrue(e.getMessage().contains("rtda.model.detector") && e.getMessage().contains("rcf")
                && e.getMessage().contains("'lstm'"), e.getMessage());
    }

    @Test
    void shouldNameTheOptionAndValueWhenAnOptionIsBad() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("rcf", DetectorOptions.of(Map.of("rcf.trees", "many"))));
        assertEquals("rcf.trees must be an integer, was 'many'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("rcf", DetectorOptions.of(Map.of("rcf.shingle", "0"))));
        assertEquals("rcf.shingle must be in [1, 64], was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DetectorOptions.parse(List.of("rcf.trees")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void shouldRefuseAnOptionTheDetectorDoesNotKnowListingItsOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("rcf", DetectorOptions.of(Map.of("rcf.shingel", "8"))));
        assertTrue(e.getMessage().contains("'rcf.shingel'") && e.getMessage().contains("rcf.shingle"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("robust", DetectorOptions.of(Map.of("rfc.trees", "8"))));
        assertTrue(e.getMessage().contains("'rfc.trees' names no detector"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Detectors.create("ensemble",
                DetectorOptions.of(Map.of("ensemble.members", "robust", "ensemble.weights", "1",
                        "ensemble.max-members", "", "ensemble.suppres-half-life", "9"))));
        assertTrue(e.getMessage().contains("'ensemble.suppres-half-life'"), e.getMessage());
    }

    @Test
    void shouldLeaveOptionsOfDetectorsNotBuiltAlone() {
        // one option set serves a run over several detectors (./rtda nab)
        try (StreamingDetector d = Detectors.create("robust", DetectorOptions.of(Map.of("rcf.trees", "10",
                "robust.window", "64")))) {
            assertEquals("robust", d.name());
        }
        try (StreamingDetector d = Detectors.create("ensemble", DetectorOptions.of(Map.of("ensemble.members",
                "robust,rcf", "ensemble.weights", "1,1", "ensemble.max-members", "", "rcf.trees", "10")))) {
            assertEquals("ensemble", d.name());
        }
    }

    /** Naming max members without weights gives each its own default, as the default ensemble weighs them. */
    @Test
    void shouldWeighEachNamedMaxMemberByItsOwnDefault() {
        DetectorOptions named = DetectorOptions.of(Map.of("ensemble.members", "robust", "ensemble.weights", "1",
                "ensemble.max-members", "seasonal,envelope", "envelope.warmup", "20"));
        try (StreamingDetector implicit = Detectors.create("ensemble", named);
                StreamingDetector explicit = Detectors.create("ensemble",
                        named.with("ensemble.max-weights", "0.7,0.8"));
                StreamingDetector other = Detectors.create("ensemble",
                        named.with("ensemble.max-weights", "0.7,0.7"))) {
            double implicitMax = 0;
            double otherMax = 0;
            for (int t = 0; t < 60; t++) {
                double v = t < 59 ? t % 5 : 10; // a record high the envelope scores 1 at reading 59
                double a = implicit.observe("s", t * 300_000L, v).score();
                assertEquals(a, explicit.observe("s", t * 300_000L, v).score(), "reading " + t);
                implicitMax = Math.max(implicitMax, a);
                otherMax = Math.max(otherMax, other.observe("s", t * 300_000L, v).score());
            }
            assertEquals(0.8, implicitMax, 1e-12, "the envelope's default weight 0.8");
            assertEquals(0.7, otherMax, 1e-12);
        }
    }
}
