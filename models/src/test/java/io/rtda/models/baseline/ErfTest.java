package io.rtda.models.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErfTest {
    /** Reference values to 16+ significant digits (Abramowitz and Stegun table 7.1, extended). */
    private static final double[][] KNOWN = {
        {0.1, 0.1124629160182849},
        {0.5, 0.5204998778130465},
        {1.0, 0.8427007929497149},
        {Math.sqrt(2), 0.9544997361036416},
        {2.0, 0.9953222650189527},
        {2.5, 0.9995930479825550},
        {3.0, 0.9999779095030014},
        {4.0, 0.9999999845827421},
    };

    @Test
    void shouldMatchKnownValuesWithin1e14() {
        for (double[] known : KNOWN) {
            assertEquals(known[1], Erf.erf(known[0]), 1e-14, "erf(" + known[0] + ")");
        }
    }

    @Test
    void shouldBeOdd() {
        assertEquals(-Erf.erf(1), Erf.erf(-1));
        for (double[] known : KNOWN) {
            assertEquals(-known[1], Erf.erf(-known[0]), 1e-14, "erf(-" + known[0] + ")");
        }
        assertEquals(0.0, Erf.erf(0));
    }

    @Test
    void shouldBeContinuousWhereTheSeriesHandsOverToTheContinuedFraction() {
        double below = Erf.erf(Math.nextDown(2.5));
        double at = Erf.erf(2.5);
        assertTrue(below <= at, below + " <= " + at);
        assertEquals(at, below, 1e-14);
    }

    @Test
    void shouldIncreaseMonotonicallyToOne() {
        double previous = -1;
        for (double x = -7; x <= 7; x += 1.0 / 64) {
            double y = Erf.erf(x);
            assertTrue(y >= previous, "erf(" + x + ") = " + y + " < " + previous);
            previous = y;
        }
        assertEquals(1.0, Erf.erf(10));
        assertEquals(-1.0, Erf.erf(-10));
    }
}
