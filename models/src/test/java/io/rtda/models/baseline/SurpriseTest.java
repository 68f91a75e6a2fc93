package io.rtda.models.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurpriseTest {
    @Test
    void shouldMapDecadesOfRarityOntoTheScale() {
        assertEquals(0.15, Surprise.ofProbability(1e-3), 1e-15, "one in a thousand");
        assertEquals(0.25, Surprise.ofProbability(1e-5), 1e-15, "one in 100,000");
        assertEquals(0.5, Surprise.ofProbability(1e-10), 1e-15, "one in 10^10");
        assertEquals(1.0, Surprise.ofProbability(1e-20), 1e-15);
        assertEquals(1.0, Surprise.ofProbability(1e-200), "capped at 1");
        assertEquals(1.0, Surprise.ofProbability(0));
        assertEquals(0.0, Surprise.ofProbability(1));
        assertEquals(0.0, Surprise.ofProbability(2), "a probability above 1 is no surprise");
    }

    @Test
    void shouldScoreTheTwoSidedNormalTailOfZ() {
        // P(|Z| >= 3) = erfc(3 / sqrt 2) = 0.0026997960632601866; -log10 = 2.5686690
        assertEquals(0.12843345, Surprise.ofTwoSidedZ(3), 1e-8);
        assertEquals(Surprise.ofTwoSidedZ(3), Surprise.ofTwoSidedZ(-3), "two-sided");
        // P(|Z| >= 3.2905267) = 0.001
        assertEquals(0.15, Surprise.ofTwoSidedZ(3.2905267), 1e-8);
        assertEquals(0.0, Surprise.ofTwoSidedZ(0));
        assertEquals(1.0, Surprise.ofTwoSidedZ(Double.POSITIVE_INFINITY));
        assertEquals(1.0, Surprise.ofTwoSidedZ(40));
    }

    @Test
    void shouldKeepTheTailInOrderUpToTheCap() {
        double previous = 0;
        for (double z = 0.25; z < 9.3; z += 0.25) {
            double s = Surprise.ofTwoSidedZ(z);
            assertTrue(s > previous && s < 1, "z " + z + " scored " + s + " after " + previous);
            previous = s;
        }
    }

    @Test
    void shouldRefuseNaN() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> Surprise.ofProbability(Double.NaN));
        assertTrue(p.getMessage().contains("NaN"), p.getMessage());
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
                () -> Surprise.ofTwoSidedZ(Double.NaN));
        assertTrue(z.getMessage().contains("NaN"), z.getMessage());
    }
}
