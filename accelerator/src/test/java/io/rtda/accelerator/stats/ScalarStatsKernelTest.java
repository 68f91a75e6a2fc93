package io.rtda.accelerator.stats;

/** The contract suite over the scalar reference kernel. */
class ScalarStatsKernelTest extends StatsKernelContract {
    @Override
    protected StatsKernel kernel() {
        return new ScalarStatsKernel();
    }
}
