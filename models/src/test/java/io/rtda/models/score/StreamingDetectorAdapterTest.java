package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.window.StreamWindow;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import java.util.ArrayList;
import java.util.List;
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

    private AnomalyScore score(StreamingDetectorAdapter adapter, StreamWindow window) {
        return adapter.score("s", window.stats(WindowKind.COUNT, calculator, true), window.view(WindowKind.COUNT));
    }
}
