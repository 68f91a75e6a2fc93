package io.rtda.functions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetectorAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning detector through a checkpoint, next to the windows it learned from: after restoring both into a
 * fresh engine and detector, the next readings score exactly as they do in the uninterrupted run.
 */
class ModelPartTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final WindowConfig WINDOWS = new WindowConfig(256, Duration.ofSeconds(60), Duration.ofSeconds(5),
            4096, 100, null);

    @TempDir
    Path dir;

    private record Run(StreamingDetectorAdapter adapter, WindowEngine<AnomalyScore> engine) {
        static Run fresh() {
            StreamingDetectorAdapter adapter = new StreamingDetectorAdapter(Detectors.create("robust",
                    DetectorOptions.defaults()));
            WindowAnalyzer<AnomalyScore> analyzer = (stream, stats, window, fresh, previous) ->
                    adapter.score(stream, stats, window, fresh);
            return new Run(adapter, new WindowEngine<>(WINDOWS, new ScalarStatsKernel(), analyzer, () -> T0, true));
        }

        List<CheckpointPart> parts() {
            return List.of(new WindowsPart(engine), new ModelPart(adapter));
        }

        double apply(ReadingBatch batch) {
            engine.apply(batch);
            return engine.snapshot("m").orElseThrow().analysis().score();
        }
    }

    private static ReadingBatch batch(int from, int count, SplittableRandom random) {
        ReadingBatch batch = new ReadingBatch(count);
        for (int i = 0; i < count; i++) {
            batch.add(i, "m", T0 + (from + i) * 1000L, 10 + random.nextGaussian() + (from + i == 400 ? 30 : 0), null);
        }
        return batch;
    }

    @Test
    void shouldScoreTheSameAfterRestoreAsWithoutTheInterruption() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        Run original = Run.fresh();
        for (int b = 0; b < 30; b++) {
            original.apply(batch(b * 10, 10, random));
        }
        CheckpointFile file = new CheckpointFile(dir);
        file.write(original.parts(), T0);
        Run restored = Run.fresh();
        assertEquals(List.of("windows", "model:robust"), file.restore(restored.parts()).orElseThrow().restored());
        for (int b = 30; b < 50; b++) {
            ReadingBatch next = batch(b * 10, 10, random);
            assertEquals(original.apply(next), restored.apply(next), "batch " + b + " (a spike at reading 400)");
        }
    }
}
