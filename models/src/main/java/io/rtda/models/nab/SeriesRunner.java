package io.rtda.models.nab;

import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.StreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Feeds series to a streaming detector in lockstep: step t sends row t of every series that has one, in
 * one batched call (each series is its own stream), so batched detectors run as they would on live
 * streams. Each row is scored before the detector learns it.
 */
public final class SeriesRunner {
    private SeriesRunner() {
    }

    /**
     * @param names    stream id per series
     * @param series   the series
     * @param progress called with the readings done so far, every few thousand
     * @return per series, the score of each row
     */
    public static List<double[]> run(StreamingDetector detector, List<String> names, List<NabCorpus.Series> series,
            LongConsumer progress) {
        int longest = 0;
        List<double[]> scores = new ArrayList<>();
        for (NabCorpus.Series s : series) {
            longest = Math.max(longest, s.values().length);
            scores.add(new double[s.values().length]);
        }
        String[] ids = new String[series.size()];
        long[] ts = new long[series.size()];
        double[] values = new double[series.size()];
        int[] which = new int[series.size()];
        long done = 0;
        long nextReport = 0;
        for (int t = 0; t < longest; t++) {
            int n = 0;
            for (int f = 0; f < series.size(); f++) {
                NabCorpus.Series s = series.get(f);
                if (t < s.values().length) {
                    ids[n] = names.get(f);
                    ts[n] = s.timestamps()[t];
                    values[n] = s.values()[t];
                    which[n++] = f;
                }
            }
            AnomalyScore[] out = detector.observe(ids, ts, values, n);
            for (int k = 0; k < n; k++) {
                scores.get(which[k])[t] = out[k].score();
            }
            done += n;
            if (done >= nextReport) {
                progress.accept(done);
                nextReport = done + 5000;
            }
        }
        progress.accept(done);
        return scores;
    }
}
