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
}
