package io.rtda.models.seasonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeasonalProfileTest {

    @Test
    void shouldExpectTheMedianOfPastCyclesMeansOnceTwoAreHeld() {
        SeasonalProfile p = new SeasonalProfile(2, 3);
        p.learn(0, 10, 4);
        p.learn(0, 10, 6); // cycle 10, slot 0: mean 5
        assertTrue(Double.isNaN(p.expected(0, 10)), "the open cycle is not history yet");
        assertTrue(Double.isNaN(p.expected(0, 11)), "one past cycle is not enough");
        p.learn(0, 11, 9);
        assertEquals(7, p.expected(0, 12), 1e-12, "median of 5 and 9");
        p.learn(0, 12, 100);
        assertEquals(9, p.expected(0, 13), 1e-12, "median of 5, 9, 100: one odd day does not move it");
        p.learn(0, 13, 1);
        assertEquals(9, p.expected(0, 14), 1e-12, "depth 3 keeps 9, 100, 1: 5 has left");
        assertTrue(Double.isNaN(p.expected(1, 14)), "slots are separate");
    }

    @Test
    void shouldSkipMissingCyclesAndRoundTripItsState() {
        SeasonalProfile p = new SeasonalProfile(1, 4);
        p.learn(0, 1, 2);
        p.learn(0, 5, 4); // cycles 2-4 missing: the held history is just the observed cycles
        p.learn(0, 6, 6);
        SeasonalProfile copy = SeasonalProfile.fromState(1, 4, p.toState());
        assertEquals(3, p.expected(0, 6), 1e-12, "median of 2 and 4; cycle 6 is still open");
        assertEquals(p.expected(0, 7), copy.expected(0, 7), 1e-12);
        assertEquals(4, copy.expected(0, 7), 1e-12, "median of 2, 4, 6");
    }

    @Test
    void shouldRefuseAStateOfAnotherShape() {
        ProfileState state = new SeasonalProfile(24, 7).toState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeasonalProfile.fromState(48, 7, state));
        assertTrue(e.getMessage().contains("24 slots"), e.getMessage());
    }
}
