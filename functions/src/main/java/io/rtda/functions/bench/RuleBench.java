package io.rtda.functions.bench;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.functions.rules.RuleEngine;
import io.rtda.functions.rules.RuleParser;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rule evaluations per second: {@code streams} streams (default 10,000) under {@code rules} rules (default 20: a
 * mix of thresholds with hysteresis and {@code for}, ranges, z and score conditions, rate, a sequence and an
 * absence rule; half select every stream, half a tenth of them). Each round evaluates one new snapshot of every
 * stream, on one thread, as the ingest path does after a batch. Seeded; prints the seed.
 *
 * <p>Usage: {@code RuleBench [streams] [rules] [rounds] [seed]}
 */
public final class RuleBench {
    private RuleBench() {
    }

    public static void main(String[] args) {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int ruleCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        AtomicLong clock = new AtomicLong(1_800_000_000_000L);
        RuleEngine engine = new RuleEngine(clock::get);
        AtomicLong transitions = new AtomicLong();
        engine.addListener(t -> transitions.incrementAndGet());
        List<Map<String, Object>> templates = templates();
        for (int r = 0; r < ruleCount; r++) {
            Map<String, Object> doc = new LinkedHashMap<>(templates.get(r % templates.size()));
            doc.put("streams", r % 2 == 0 ? "bench.*" : "bench." + (r % 10) + "*");
            engine.put(RuleParser.parse("rule-" + r, doc));
        }
        SplittableRandom random = new SplittableRandom(seed);
        int variants = 4;
        @SuppressWarnings("unchecked")
        StreamSnapshot<AnomalyScore>[][] snaps = new StreamSnapshot[variants][streams];
        for (int s = 0; s < streams; s++) {
            String id = "bench." + s;
            for (int v = 0; v < variants; v++) {
                snaps[v][s] = snapshot(id, random, v);
            }
        }
        int warmup = Math.max(3, rounds / 5);
        long start = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            if (round == warmup) {
                start = System.nanoTime();
                transitions.set(0);
            }
            clock.addAndGet(1000);
            StreamSnapshot<AnomalyScore>[] batch = snaps[round % variants];
            for (int s = 0; s < streams; s++) {
                engine.evaluate(batch[s]);
            }
            engine.tick();
        }
        long nanos = System.nanoTime() - start;
        long selectedPairs = countSelected(streams, ruleCount);
        long evaluations = selectedPairs * rounds;
        System.out.printf("RuleBench seed=%d streams=%d rules=%d rounds=%d (after %d warm-up)%n", seed, streams,
                ruleCount, rounds, warmup);
        System.out.printf("  rule-stream pairs evaluated per round: %d%n", selectedPairs);
        System.out.printf("  %.1f ms per round, %.2f M rule evaluations/s, %.0f K stream snapshots/s, "
                + "%d transitions%n", nanos / 1e6 / rounds, evaluations / (nanos / 1e9) / 1e6,
                (double) streams * rounds / (nanos / 1e9) / 1e3, transitions.get());
    }

    private static long countSelected(int streams, int ruleCount) {
        long pairs = 0;
        for (int r = 0; r < ruleCount; r++) {
            if (r % 2 == 0) {
                pairs += streams;
            } else {
                String prefix = "bench." + (r % 10);
                for (int s = 0; s < streams; s++) {
                    if (("bench." + s).startsWith(prefix)) {
                        pairs++;
                    }
                }
            }
        }
        return pairs;
    }

    private static StreamSnapshot<AnomalyScore> snapshot(String id, SplittableRandom random, int v) {
        double last = 50 + 20 * random.nextGaussian();
        WindowStats stats = new WindowStats(1024, last * 1024, 50, 10, 0, 100, last, random.nextGaussian(),
                (last - 50) / 10, 50, 63, 67, 74, 7, 0, 1000L * v);
        double score = Math.min(1, Math.abs(last - 50) / 40);
        AnomalyScore a = new AnomalyScore("robust-z", score, 50, 30, 70, last > 70 ? Direction.ABOVE
                : last < 30 ? Direction.BELOW : Direction.NONE, 1);
        return new StreamSnapshot<>(id, 0, 1000, stats, a, Map.of());
    }

    private static List<Map<String, Object>> templates() {
        return List.of(
                Map.of("when", "value > 80", "clear", "value < 70"),
                Map.of("when", "p95 > 60", "for", "3s"),
                Map.of("when", "value outside [10, 90]", "forEvaluations", 2),
                Map.of("when", "z outside [-3, 3]", "keepFiringFor", "5s"),
                Map.of("when", "score > 0.9", "cooldown", "10s"),
                Map.of("when", "rate > 15"),
                Map.of("when", "slope < -1.5", "severity", "info"),
                Map.of("when", "mean > 55", "clear", "mean < 45"),
                Map.of("sequence", Map.of("first", "value > 75", "then", "value < 25", "within", "5s")),
                Map.of("absentFor", "30s"));
    }
}
