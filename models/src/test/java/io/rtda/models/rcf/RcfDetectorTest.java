package io.rtda.models.rcf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RcfDetectorTest {

    private static StreamingDetector rcf(int threads) {
        return Detectors.create("rcf", DetectorOptions.of(Map.of("rcf.threads", String.valueOf(threads),
                "rcf.trees", "10", "rcf.warmup", "40")));
    }

    @Test
    void shouldScoreEveryStreamAlikeWhetherACallRunsOnOneThreadOrThree() {
        int streams = 48;
        String[] ids = new String[streams];
        for (int s = 0; s < streams; s++) {
            ids[s] = "host-" + s + "/cpu";
        }
        Random random = new Random(11);
        double peak = 0;
        try (StreamingDetector one = rcf(1); StreamingDetector three = rcf(3)) {
            for (int step = 0; step < 160; step++) {
                long[] ts = new long[streams];
                double[] values = new double[streams];
                for (int s = 0; s < streams; s++) {
                    ts[s] = step * 60_000L;
                    values[s] = 50 + 10 * Math.sin(step / 10.0 + s) + random.nextGaussian()
                            + (step == 120 && s % 5 == 0 ? 40 : 0);
                }
                AnomalyScore[] a = one.observe(ids, ts, values, streams);
                AnomalyScore[] b = three.observe(ids, ts, values, streams);
                assertArrayEquals(a, b, "step " + step);
                for (AnomalyScore x : a) {
                    peak = Math.max(peak, x.score());
                }
            }
            assertEquals(new String(one.checkpoint()), new String(three.checkpoint()));
        }
        assertTrue(peak > 0.3, "the spikes at step 120 score: the comparison covers calibrated scores, peak "
                + peak);
    }

    @Test
    void shouldRefuseAThreadCountOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rcf(0));
        assertEquals("rcf.threads must be in [1, 256], was 0", e.getMessage());
    }
}
