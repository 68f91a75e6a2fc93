package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.window.StreamWindow;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.models.baseline.RobustStreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDetectorAdapterTest {

    /** Records what it is fed; scores each value as value / 100. */
    private static final class Recording implements StreamingDetector {
        final List<String> fed = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public AnomalyScore[] observe(String[] streams, long[] timestamps, double[] values, int count) {
            AnomalyScore[] out = new AnomalyScore[count];
            for (int i = 0; i < count; i++) {
                fed.add(streams[i] + "@" + timestamps[i] + "=" + values[i]);
                out[i] = new AnomalyScore(name(), values[i] / 100, 0, 0, 0, Direction.ABOVE, 1);
            }
            return out;
        }

        @Override
        public byte[] checkpoint() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] checkpoint) {
        }
    }

    private final StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());

    @Test
    void shouldFeedEverySampleNewerThanTheLastFedOneInEventTimeOrder() {
        Recording detector = new Recording();
        StreamingDetectorAdapter adapter = new StreamingDetectorAdapter(detector);
        StreamWindow window = new StreamWindow(WindowConfig.defaults().withCountSize(16));
        window.append(1000, 10);
        window.append(2000, 20);
        AnomalyScore first = score(adapter, window);
        assertEquals(List.of("s@1000=10.0", "s@2000=20.0"), detector.fed);
        assertEquals(0.2, first.score(), 1e-12);
        window.append(3000, 30);
        window.append(4000, 40);
        assertEquals(0.4, score(adapter, window).score(), 1e-12);
        assertEquals(List.of("s@1000=10.0", "s@2000=20.0", "s@3000=30.0", "s@4000=40.0"), detector.fed);
        AnomalyScore again = score(adapter, window);
        assertEquals(4, detector.fed.size(), "nothing new: nothing fed");
        assertEquals(0.4, again.score(), 1e-12);
    }

    @Test
    void shouldJudgeTheHighestScoreAmongTheFreshSamplesAlikeOneByOneAndBatched() {
        StreamWindow window = new StreamWindow(WindowConfig.defaults().withCountSize(16));
        window.append(1000, 5);
        window.append(2000, 95);
        window.append(3000, 20);
        window.append(4000, 30);
        Recording one = new Recording();
        AnomalyScore judged = new StreamingDetectorAdapter(one).score("s", window.stats(WindowKind.COUNT,
                calculator, true), window.view(WindowKind.COUNT), 3);
        assertEquals(4, one.fed.size(), "every unfed sample is learned");
        assertEquals(0.95, judged.score(), 1e-12);
        assertEquals(new AnomalyScore.Reading(2000, 95), judged.reading());
        StreamingDetectorAdapter batched = new StreamingDetectorAdapter(new Recording());
        assertEquals(List.of(judged), batched.observeAll(List.of(batched.pending("s", window.view(WindowKind.COUNT),
                3))));
        // the 95 is not among the 2 freshest: the verdict is on the higher of 20 and 30
        AnomalyScore two = new StreamingDetectorAdapter(new Recording()).score("s", window.stats(WindowKind.COUNT,
                calculator, true), window.view(WindowKind.COUNT), 2);
        assertEquals(new AnomalyScore.Reading(4000, 30), two.reading());
        assertEquals(new AnomalyScore.Reading(4000, 30), score(new StreamingDetectorAdapter(new Recording()),
                window).reading(), "one fresh sample: the newest");
    }

    @Test
    void shouldNotFeedAnOutOfOrderSampleBehindTheNewestFedOne() {
        Recording detector = new Recording();
        StreamingDetectorAdapter adapter = new StreamingDetectorAdapter(detector);
        StreamWindow window = new StreamWindow(WindowConfig.defaults().withCountSize(16));
        window.append(5000, 50);
        AnomalyScore first = score(adapter, window);
        window.append(4000, 40);
        assertSame(first, score(adapter, window));
        assertEquals(List.of("s@5000=50.0"), detector.fed);
    }

    @Test
    void shouldScoreABatchOfStreamsInOneCallPerRoundExactlyAsStreamByStream() {
        Random random = new Random(11);
        System.out.println("seed 11");
        String[] ids = {"a", "b", "c"};
        int[] calls = {0};
        StreamingDetector robust = new RobustStreamingDetector(32, 3, 8, 50);
        StreamingDetector counted = new StreamingDetector() {
            @Override
            public String name() {
                return robust.name();
            }

            @Override
            public AnomalyScore[] observe(String[] s, long[] t, double[] v, int n) {
                calls[0]++;
                return robust.observe(s, t, v, n);
            }

            @Override
            public byte[] checkpoint() {
                return robust.checkpoint();
            }

            @Override
            public void restore(byte[] checkpoint) {
                robust.restore(checkpoint);
            }
        };
        StreamingDetectorAdapter oneByOne = new StreamingDetectorAdapter(
                new RobustStreamingDetector(32, 3, 8, 50));
        StreamingDetectorAdapter batched = new StreamingDetectorAdapter(counted);
        StreamWindow[] windows = new StreamWindow[ids.length];
        for (int s = 0; s < ids.length; s++) {
            windows[s] = new StreamWindow(WindowConfig.defaults().withCountSize(64));
        }
        long t = 1000;
        for (int batch = 0; batch < 60; batch++) {
            int longest = 0;
            List<StreamingDetectorAdapter.Pending> pending = new ArrayList<>();
            List<AnomalyScore> expected = new ArrayList<>();
            for (int s = 0; s < ids.length; s++) {
                int fresh = random.nextInt(4); // 0 to 3 new samples for this stream in this batch
                longest = Math.max(longest, fresh);
                for (int k = 0; k < fresh; k++) {
                    windows[s].append(t++, 10 * s + random.nextGaussian() + (random.nextInt(40) == 0 ? 25 : 0));
                }
                pending.add(batched.pending(ids[s], windows[s].view(WindowKind.COUNT)));
                expected.add(oneByOne.score(ids[s], windows[s].stats(WindowKind.COUNT, calculator, true),
                        windows[s].view(WindowKind.COUNT)));
            }
            int before = calls[0];
            List<AnomalyScore> got = batched.observeAll(pending);
            assertEquals(longest, calls[0] - before, "one detector call per round, batch " + batch);
            assertEquals(expected, got, "batch " + batch);
        }
        assertEquals(oneByOne.positions(), batched.positions());
    }

    private AnomalyScore score(StreamingDetectorAdapter adapter, StreamWindow window) {
        return adapter.score("s", window.stats(WindowKind.COUNT, calculator, true), window.view(WindowKind.COUNT));
    }
}
