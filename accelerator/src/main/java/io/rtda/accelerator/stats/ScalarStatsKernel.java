package io.rtda.accelerator.stats;

/** The reference kernel: a plain loop, the oracle every other backend is tested against. */
public final class ScalarStatsKernel implements StatsKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void accumulate(double[] values, long[] times, int from, int to, Moments acc) {
        double k = acc.shiftValue;
        long t0 = acc.shiftTime;
        double s1 = 0;
        double s2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double st = 0;
        double stt = 0;
        double stx = 0;
        for (int i = from; i < to; i++) {
            double raw = values[i];
            double x = raw - k;
            double t = times[i] - t0;
            s1 += x;
            s2 += x * x;
            min = Math.min(min, raw);
            max = Math.max(max, raw);
            st += t;
            stt += t * t;
            stx += t * x;
        }
        acc.add(to - from, s1, s2, min, max, st, stt, stx);
    }

    @Override
    public String toString() {
        return "scalar(one double per step)";
    }
}
