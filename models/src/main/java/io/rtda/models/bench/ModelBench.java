package io.rtda.models.bench;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.djl.DjlRuntime;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ModelBench [--detector NAME] [--streams N] [--steps N] [--warmup-steps N] [--interval-ms MS] [--seed S]
 * [--option key=value]...}: each step sends one reading of every stream (a seeded sine with noise and rare
 * spikes) in one call, {@code --interval-ms} apart in event time (default 1,000; the seasonal detector needs
 * days of event time before it computes anything); after the warm-up steps it times {@code steps} calls and
 * prints readings per second per thread (the bench calls from one thread; set
 * {@code ai.djl.pytorch.num_threads=1} to hold PyTorch to one core too).
 */
public final class ModelBench {
    private ModelBench() {
    }

    public static void main(String[] args) throws Exception {
        String detector = "djl";
        int streams = 4096;
        int steps = 200;
        long intervalMs = 1000;
        int warmupSteps = 50;
        long seed = 7;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: ./rtda model-bench [--detector NAME] [--streams N] [--steps N] "
                        + "[--warmup-steps N] [--interval-ms MS] [--seed N] [--option key=value]...\n"
                        + "defaults: djl, 4096 streams, 50 warm-up + 200 timed steps, 1000 ms, seed 7; detectors: "
                        + Detectors.NAMES);
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--detector" -> detector = args[i + 1];
                case "--streams" -> streams = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--warmup-steps" -> warmupSteps = Integer.parseInt(args[i + 1]);
                case "--interval-ms" -> intervalMs = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--option" -> options.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "model bench: detector %s, %d streams, %d warm-up + %d timed steps, seed %d, "
                + "%d ms between readings, %d CPUs%n", detector, streams, warmupSteps, steps, seed, intervalMs,
                Runtime.getRuntime().availableProcessors());
        long create = System.nanoTime();
        try (StreamingDetector d = Detectors.create(detector, DetectorOptions.parse(options))) {
            System.out.printf(Locale.ROOT, "detector created in %d ms (DJL engine load %d ms)%n",
                    (System.nanoTime() - create) / 1_000_000, DjlRuntime.loadMillis());
            String[] ids = new String[streams];
            long[] ts = new long[streams];
            double[] values = new double[streams];
            for (int s = 0; s < streams; s++) {
                ids[s] = "bench-" + s;
            }
            SplittableRandom random = new SplittableRandom(seed);
            double sink = 0;
            long start = 0;
            for (int step = 0; step < warmupSteps + steps; step++) {
                if (step == warmupSteps) {
                    start = System.nanoTime();
                }
                for (int s = 0; s < streams; s++) {
                    ts[s] = step * intervalMs;
                    values[s] = 10 * Math.sin(step * 0.1 + s) + random.nextGaussian()
                            + (random.nextInt(1000) == 0 ? 30 : 0);
                }
                AnomalyScore[] out = d.observe(ids, ts, values, streams);
                sink += out[step % streams].score();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d readings in %.2f s = %.0f readings/s (%.1f us per %d-stream call)"
                    + "; checksum %.3f%n", detector, (long) steps * streams, seconds,
                    steps * (double) streams / seconds, seconds / steps * 1e6, streams, sink);
        }
    }
}
