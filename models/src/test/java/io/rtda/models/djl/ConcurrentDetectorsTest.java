package io.rtda.models.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.StreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two autoencoder detectors (two stream groups) train at the same time on two threads without failing. */
class ConcurrentDetectorsTest {
    @Test
    void shouldTrainTwoDetectorsAtOnce() throws Exception {
        DetectorOptions options = DetectorOptions.of(Map.of("djl.window", "8", "djl.train-batch", "16",
                "djl.train-every", "2", "djl.replay", "256"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (StreamingDetector one = Detectors.create("djl", options);
                StreamingDetector two = Detectors.create("djl", options)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (StreamingDetector d : List.of(one, two)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    Random random = new Random(d.hashCode());
                    String[] ids = new String[16];
                    long[] ts = new long[16];
                    double[] values = new double[16];
                    for (int s = 0; s < ids.length; s++) {
                        ids[s] = "s" + s;
                    }
                    int scored = 0;
                    for (int t = 0; t < 300; t++) {
                        for (int s = 0; s < ids.length; s++) {
                            ts[s] = 1_700_000_000_000L + t * 60_000L;
                            values[s] = Math.sin(t / 5.0 + s) + 0.1 * random.nextGaussian();
                        }
                        scored += d.observe(ids, ts, values, ids.length).length;
                    }
                    return scored;
                }));
            }
            start.countDown();
            for (Future<Integer> run : runs) {
                assertEquals(300 * 16, run.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
