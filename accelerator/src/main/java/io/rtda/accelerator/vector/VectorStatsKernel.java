package io.rtda.accelerator.vector;

import io.rtda.accelerator.stats.Moments;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moments, min, max and slope sums with the platform's preferred vector width (8 doubles on AVX-512).
 * Lanes accumulate independently and are reduced at the end, so sums differ from the scalar oracle only
 * by reassociation; min and max are exact. The tail runs on the scalar kernel. Stateless and thread-safe.
 */
public final class VectorStatsKernel implements StatsKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());
    private static final StatsKernel TAIL = new ScalarStatsKernel();

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
        acc.add(i - from, vs1.reduceLanes(VectorOperators.ADD), vs2.reduceLanes(VectorOperators.ADD),
                vmin.reduceLanes(VectorOperators.MIN), vmax.reduceLanes(VectorOperators.MAX),
                vst.reduceLanes(VectorOperators.ADD), vstt.reduceLanes(VectorOperators.ADD),
                vstx.reduceLanes(VectorOperators.ADD));
        TAIL.accumulate(values, times, i, to, acc);
    }

    @Override
    public String toString() {
        return "vector(" + D.length() + " x double, " + D.vectorShape() + ")";
    }
}
