package io.rtda.models.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepeatSuppressorTest {

    @Test
    void shouldPassAClearNewHighAndHalveTheClimbAndRepeatsOfTheSameEvent() {
        RepeatSuppressor s = new RepeatSuppressor(300);
        assertEquals(0.6, s.apply(0.6), "the first high passes");
        assertEquals(0.32, s.apply(0.64), 1e-12, "0.64 does not top the peak by the margin: halved");
        assertEquals(0.3, s.apply(0.6), 1e-12, "a repeat is halved");
        assertEquals(0.8, s.apply(0.8), "a clear new high passes");
        assertEquals(0.8, s.peak(), 1e-12);
    }

    @Test
    void shouldLetTheSameScoreAlertAgainOnceThePeakHasDecayed() {
        RepeatSuppressor s = new RepeatSuppressor(100);
        assertEquals(0.9, s.apply(0.9));
        s.apply(0);
        assertEquals(0.45, s.apply(0.9), 1e-12, "two readings later the peak is still above 0.85");
        for (int i = 0; i < 200; i++) {
            s.apply(0);
        }
        assertEquals(0.9, s.apply(0.9), 1e-12, "two half-lives later the same score alerts again");
    }

    @Test
    void shouldPassEverythingWithHalfLifeZeroAndRefuseANegativeOne() {
        RepeatSuppressor off = new RepeatSuppressor(0);
        assertEquals(0.7, off.apply(0.7));
        assertEquals(0.7, off.apply(0.7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RepeatSuppressor(-1));
        assertTrue(e.getMessage().contains("half-life must be >= 0 readings, was -1"), e.getMessage());
    }
}
