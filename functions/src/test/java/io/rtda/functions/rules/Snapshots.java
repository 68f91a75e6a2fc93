package io.rtda.functions.rules;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import java.util.Map;

/** Test snapshots: one value per stream and a readings counter that grows with every call. */
final class Snapshots {
    private long readings;

    StreamSnapshot<AnomalyScore> of(String stream, long ts, double value) {
        return of(stream, ts, value, Map.of());
    }

    StreamSnapshot<AnomalyScore> of(String stream, long ts, double value, Map<String, String> tags) {
        readings++;
        WindowStats stats = new WindowStats(readings, value, value, 0, value, value, value, Double.NaN, 0, value,
                value, value, value, 0, ts, ts);
        AnomalyScore score = new AnomalyScore("robust-z", value > 100 ? 0.999 : 0.1, 50, 40, 60,
                value > 60 ? Direction.ABOVE : Direction.NONE, 1);
        return new StreamSnapshot<>(stream, ts, readings, stats, score, tags);
    }
}
