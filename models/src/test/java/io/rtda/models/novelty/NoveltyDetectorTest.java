package io.rtda.models.novelty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Contribution;
import io.rtda.models.score.Direction;
import io.rtda.models.score.StreamingDetector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed categories with shapes of one reading (a category is then an interval): a history of 0 and
 * 10 has the range 10, so at vigilance 0.9 a category may span 1 (0.1 ranges). A reading 1.5 away from the
 * nearest category's far edge makes it span 0.15 ranges: new, scoring 0.15 / 0.1 - 1 = 0.5.
 */
class NoveltyDetectorTest {
    private static final String ID = "pump-7";

    private static NoveltyDetector detector(int window, double vigilance, int categories, int warmup) {
        return new NoveltyDetector(new NoveltyConfig(window, vigilance, categories, 4096, 64, warmup, 0, 0,
                288));
    }

    @Test
    void shouldScoreANewValueByHowFarItOvershootsTheVigilanceLimit() {
        try (NoveltyDetector d = detector(1, 0.9, 16, 4)) {
            for (double v : new double[] {0, 10, 0, 10}) {
                assertEquals(0.0, d.observe(ID, 0, v).score(), "silent in the warm-up");
            }
            assertEquals(0.0, d.observe(ID, 0, 0.5).score(), "spans 0.05 ranges with [0, 0]: taken in");
            AnomalyScore next = d.observe(ID, 0, 1.5);
            assertEquals(0.5, next.score(), 1e-12, "[0, 0.5] would span 0.15 ranges: new");
            assertEquals(Direction.ABOVE, next.direction());
            assertEquals(0.5, next.expected(), "the nearest category's nearest bound");
            assertEquals(0.0, next.expectedLow());
            assertEquals(0.5, next.expectedHigh());
            assertEquals(List.of(new Contribution(0, 1.0)), next.attribution());
            assertEquals(0.0, d.observe(ID, 0, 1.5).score(), "1.5 is a category of its own now");
            AnomalyScore far = d.observe(ID, 0, 5);
            assertEquals(1.0, far.score(), "3.5 from [1.5, 1.5] spans 0.35 ranges, more than twice the limit");
            AnomalyScore below = d.observe(ID, 0, -0.8);
            assertEquals(1.3 / 10.8 / 0.1 - 1, below.score(), 1e-9, "[-0.8, 0.5] would span 1.3 of the range, "
                    + "which grew to 10.8 with the reading: 0.120 ranges, new");
            assertEquals(Direction.BELOW, below.direction());
        }
    }

    @Test
    void shouldReplaceTheCategoryMatchedLongestAgoWhenFull() {
        try (NoveltyDetector d = detector(1, 0.9, 2, 1)) {
            d.observe(ID, 0, 0);
            d.observe(ID, 0, 10); // categories [10]
            d.observe(ID, 0, 0); // [10], [0]
            d.observe(ID, 0, 10); // [10] matched last
            assertEquals(1.0, d.observe(ID, 0, 5).score(), "new: replaces [0], matched longest ago");
            assertEquals(0.0, d.observe(ID, 0, 10).score(), "[10] was kept");
            assertEquals(1.0, d.observe(ID, 0, 0).score(), "[0] was forgotten: 0 is new again");
        }
    }

    /**
     * A quiet stream (6 ± 0.3) shifts to a noisier level (15 ± 0.7) with an overshoot to 25, then 500
     * readings later spikes to 19.2, as NAB's {@code rds_cpu_utilization_cc0c53} does: the calibrated forest
     * and autoencoder still have the shift in their history and score the spike near 0. The spike's shape is
     * new at this level, so it scores (0.375 here: the range still spans the overshoot to 25, so a category may
     * span 6 units), more than twice any ordinary reading after the shift; the same spike again shortly after
     * is a known shape.
     */
    @Test
    void shouldFlagASpikeSoonAfterALevelShiftButNotItsRepeat() {
        System.out.println("seed 3");
        Random random = new Random(3);
        try (StreamingDetector d = Detectors.create("novelty", DetectorOptions.of(Map.of()))) {
            double normalMax = 0;
            int t = 0;
            for (; t < 3000; t++) {
                d.observe(ID, t * 300_000L, 6 + 0.3 * random.nextGaussian());
            }
            d.observe(ID, t++ * 300_000L, 25);
            for (int i = 0; i < 500; i++, t++) {
                double s = d.observe(ID, t * 300_000L, 15 + 0.7 * random.nextGaussian()).score();
                normalMax = i >= 100 ? Math.max(normalMax, s) : normalMax;
            }
            AnomalyScore spike = d.observe(ID, t++ * 300_000L, 19.2);
            System.out.printf("level-shift spike %.3f, ordinary readings after the shift at most %.3f%n",
                    spike.score(), normalMax);
            assertTrue(spike.score() >= 0.3, "spike " + spike.score());
            assertTrue(normalMax < spike.score() / 2, "ordinary readings after the shift: " + normalMax);
            assertEquals(Direction.ABOVE, spike.direction());
            assertEquals(0, spike.attribution().get(0).lag(), "the newest step drove it");
            for (int i = 0; i < 50; i++, t++) {
                d.observe(ID, t * 300_000L, 15 + 0.7 * random.nextGaussian());
            }
            double repeat = 0;
            for (int i = 0; i < 6; i++, t++) {
                repeat = Math.max(repeat, d.observe(ID, t * 300_000L, i == 0 ? 19.2 : 15).score());
            }
            assertTrue(repeat < 0.3, "the same spike again is a known shape: " + repeat);
        }
    }

    /**
     * A daily cycle with noise for ten days of 5-minute readings: after the first day the categories cover
     * what the stream does, so ordinary readings seldom score; a dip to a level the stream held only at
     * night, in the middle of the afternoon, is a new shape at that point of the cycle.
     */
    @Test
    void shouldStayQuietOnAnOrdinaryCycleAndFlagAnOddAfternoon() {
        System.out.println("seed 7");
        Random random = new Random(7);
        try (StreamingDetector d = Detectors.create("novelty", DetectorOptions.of(Map.of()))) {
            int alerts = 0;
            int day = 288;
            for (int t = 0; t < 10 * day; t++) {
                double v = 50 + 20 * Math.sin(2 * Math.PI * t / day) + random.nextGaussian();
                if (d.observe(ID, t * 300_000L, v).score() >= 0.5 && t >= day) {
                    alerts++;
                }
            }
            double odd = 0;
            for (int t = 10 * day; t < 10 * day + 12; t++) {
                double v = 50 + 20 * Math.sin(2 * Math.PI * t / day) + random.nextGaussian();
                odd = Math.max(odd, d.observe(ID, t * 300_000L, t >= 10 * day + 6 ? v - 25 : v).score());
            }
            System.out.printf("%d alerts in nine ordinary days, odd afternoon %.3f%n", alerts, odd);
            assertTrue(alerts <= 5, "ordinary days raise few alerts: " + alerts);
            assertTrue(odd >= 0.5, "a fall of 25 at the day's peak: " + odd);
        }
    }

    @Test
    void shouldKeepStreamsApartAndRestoreToIdenticalScores() {
        Random random = new Random(11);
        System.out.println("seed 11");
        try (NoveltyDetector a = detector(4, 0.95, 64, 50); NoveltyDetector b = detector(4, 0.95, 64, 50)) {
            String[] ids = {"x", "y"};
            for (int t = 0; t < 303; t++) {
                a.observe(ids, new long[] {t, t}, new double[] {random.nextGaussian(), 100 + random.nextGaussian()},
                        2);
            }
            b.restore(a.checkpoint());
            double max = 0;
            for (int t = 303; t < 700; t++) {
                double[] v = {random.nextGaussian() * (t == 650 ? 9 : 1), 100 + random.nextGaussian()};
                AnomalyScore[] x = a.observe(ids, new long[] {t, t}, v, 2);
                AnomalyScore[] y = b.observe(ids, new long[] {t, t}, v, 2);
                assertArrayEquals(x, y, "reading " + t);
                max = Math.max(max, x[0].score());
            }
            assertTrue(max > 0.5, "the spike at 650 scores: " + max);
            assertArrayEquals(a.checkpoint(), b.checkpoint());
        }
    }

    @Test
    void shouldRefuseBadSettingsAndAForeignShapeLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("novelty", DetectorOptions.of(Map.of("novelty.vigilance", "1"))));
        assertTrue(e.getMessage().contains("novelty.vigilance must be in (0, 1), was 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NoveltyConfig(8, 0.95, 512, 4096, 64, 4, 300, 1, 288));
        assertTrue(e.getMessage().contains("novelty.warmup must be at least novelty.window = 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NoveltyConfig(0, 0.95, 512, 4096, 64, 300, 300, 1, 288));
        assertTrue(e.getMessage().contains("novelty.window must be in [1, 64]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NoveltyConfig(6, 0.95, 0, 4096, 64, 300, 300, 1, 288));
        assertTrue(e.getMessage().contains("novelty.categories"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NoveltyConfig(6, 0.95, 512, 32, 64, 300, 300, 1, 288));
        assertTrue(e.getMessage().contains("novelty.range-window must be in [novelty.range-block = 64"),
                e.getMessage());
        try (NoveltyDetector four = detector(4, 0.95, 64, 50); NoveltyDetector six = detector(6, 0.95, 64, 50)) {
            for (int t = 0; t < 20; t++) {
                six.observe(ID, t, t % 3);
            }
            e = assertThrows(IllegalArgumentException.class, () -> four.restore(six.checkpoint()));
            assertTrue(e.getMessage().contains("shapes of 6 readings"), e.getMessage());
        }
    }

    /**
     * A damaged checkpoint must not restore a detector that then fails: a non-finite or out-of-range
     * reading or bound, a count of readings its range does not share (or one near overflow), a category used
     * after the last reading, an envelope block whose low is above its high. Each is refused by name and
     * leaves the detector as it was.
     */
    @Test
    void shouldRefuseDamagedStateAndStayAsItWas() {
        NoveltyConfig config = new NoveltyConfig(3, 0.9, 8, 64, 8, 3, 300, 1, 288);
        try (NoveltyDetector source = new NoveltyDetector(config);
                NoveltyDetector target = new NoveltyDetector(config)) {
            for (int t = 0; t < 10; t++) {
                source.observe(ID, t, t % 4);
                target.observe(ID, t, 7 - t % 3);
            }
            String good = new String(source.checkpoint(), StandardCharsets.UTF_8);
            assertTrue(good.contains("\"recent\":[3.0,0.0,1.0]") && good.contains("\"seen\":10,\"noise\":")
                    && good.contains("\"lastUsed\":[8,9,10]") && good.contains("\"blockHighs\":[3.0]"), good);
            assertRefused(target, good.replace("\"recent\":[3.0,0.0,1.0]", "\"recent\":[3.0,1.0E200,1.0]"),
                    "recent reading 1.0E200");
            assertRefused(target, good.replace("\"seen\":10,\"noise\"", "\"seen\":11,\"noise\""),
                    "11 readings seen and its range 10");
            assertRefused(target, good.replace("\"seen\":10,\"noise\"", "\"seen\":9223372036854775807,\"noise\"")
                    .replace("\"seen\":10},", "\"seen\":9223372036854775807},"), "in [0, 2^62]");
            assertRefused(target, good.replace("\"lastUsed\":[8,9,10]", "\"lastUsed\":[8,9,11]"),
                    "last used at reading 11 of 10");
            assertRefused(target, good.replace("\"blockHighs\":[3.0]", "\"blockHighs\":[-1.0]"),
                    "block 0 from 0.0 to -1.0");
            assertRefused(target, good.replace("\"lows\":[0.0,", "\"lows\":[-1.0E151,"), "outside +-1.0E150");
            assertRefused(target, good.replaceFirst("\"noise\":[^}]*}", "\"noise\":-1.0}"), "typical step of -1.0");
            assertRefused(target, good.replaceFirst("\"peaks\":\\{\"pump-7\":[^}]*}", "\"peaks\":{\"pump-7\":2.5}"),
                    "peak is a score in [0, 1], was 2.5");
            target.restore(good.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(source.checkpoint(), target.checkpoint(), "the good checkpoint still restores");
        }
    }

    /**
     * Noise is not novelty: in white noise, or in small counts, the shapes of six readings are new all the
     * time at 5 % of the range, so without the floor hundreds of readings score high (613 and 791 at 0.5 or
     * more in five seeds of four weeks of 5-minute readings, from the end of the warm-up); with categories
     * allowed one typical step per step, 1 and 16 do, and none reaches 0.857, what the ensemble's weight of 0.7
     * would need to pass 0.6.
     */
    @Test
    void shouldNotCallNoiseNew() {
        for (String kind : List.of("white noise", "counts")) {
            int[] high = new int[2];
            double[] max = new double[2];
            for (int floor = 0; floor <= 1; floor++) {
                for (int seed = 1; seed <= 5; seed++) {
                    Random random = new Random(seed);
                    try (StreamingDetector d = Detectors.create("novelty",
                            DetectorOptions.of(Map.of("novelty.noise-floor", String.valueOf(floor))))) {
                        for (int t = 0; t < 8064; t++) {
                            double v = kind.equals("counts") ? poisson(random, 5 * (1 + 0.5 * Math.sin(2 * Math.PI
                                    * t / 288))) : 50 + random.nextGaussian();
                            double s = d.observe(ID, t * 300_000L, v).score();
                            if (t >= 300) {
                                high[floor] += s >= 0.5 ? 1 : 0;
                                max[floor] = Math.max(max[floor], s);
                            }
                        }
                    }
                }
            }
            System.out.printf("%s, seeds 1-5: without the floor %d readings >= 0.5 (max %.3f), with it %d (max "
                    + "%.3f)%n", kind, high[0], max[0], high[1], max[1]);
            assertTrue(high[0] >= 300, kind + " without the floor: " + high[0]);
            assertTrue(high[1] <= 20 && max[1] < 0.6 / 0.7, kind + " with the floor: " + high[1] + ", max "
                    + max[1]);
        }
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = 1;
        int k = 0;
        do {
            k++;
            product *= random.nextDouble();
        } while (product > limit);
        return k - 1;
    }

    private static void assertRefused(NoveltyDetector d, String damaged, String says) {
        byte[] before = d.checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.restore(damaged.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertArrayEquals(before, d.checkpoint(), "a refused checkpoint changed the detector");
    }
}
