package io.rtda.accelerator.vector;

import io.rtda.accelerator.stats.Moments;
import io.rtda.accelerator.stats.StatsKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moments, min, max and slope sums with the platform's preferred vector width (8 doubles on AVX-512).
 * Lanes accumulate independently and are reduced at the end, so sums differ from the scalar oracle only
 * by reassociation; min and max are exact. The tail runs scalar. Stateless and thread-safe.
 */
public final class VectorStatsKernel implements StatsKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void accumulate(double[] values, long[] times, int from, int to, Moments acc) {
        double k = acc.shiftValue();
        long t0 = acc.shiftTime();
        DoubleVector vs1 = DoubleVector.zero(D);
        DoubleVector vs2 = DoubleVector.zero(D);
        DoubleVector vmin = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        DoubleVector vmax = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        DoubleVector vst = DoubleVector.zero(D);
        DoubleVector vstt = DoubleVector.zero(D);
        DoubleVector vstx = DoubleVector.zero(D);
        int lanes = D.length();
        int i = from;
        int bound = from + (to - from) / lanes * lanes;
        for (; i < bound; i += lanes) {
            DoubleVector raw = DoubleVector.fromArray(D, values, i);
            DoubleVector x = raw.sub(k);
            DoubleVector t = (DoubleVector) LongVector.fromArray(L, times, i).sub(t0)
                    .convertShape(VectorOperators.L2D, D, 0);
            vs1 = vs1.add(x);
            vs2 = x.fma(x, vs2);
            vmin = vmin.min(raw);
            vmax = vmax.max(raw);
            vst = vst.add(t);
            vstt = t.fma(t, vstt);
            vstx = t.fma(x, vstx);
        }
        double s1 = vs1.reduceLanes(VectorOperators.ADD);
        double s2 = vs2.reduceLanes(VectorOperators.ADD);
        double min = vmin.reduceLanes(VectorOperators.MIN);
        double max = vmax.reduceLanes(VectorOperators.MAX);
        double st = vst.reduceLanes(VectorOperators.ADD);
        double stt = vstt.reduceLanes(VectorOperators.ADD);
        double stx = vstx.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
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
        return "vector(" + D.length() + " x double, " + D.vectorShape() + ")";
    }
}
