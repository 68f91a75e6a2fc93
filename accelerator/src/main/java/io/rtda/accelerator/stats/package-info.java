/**
 * Window statistics: what is computed over a window ({@link io.rtda.accelerator.stats.WindowStats}), the
 * kernel interface that computes the streaming part of it ({@link io.rtda.accelerator.stats.StatsKernel}),
 * the scalar reference kernel that is the oracle for every fast path, exact quantiles by selection, and
 * the selector that picks a backend once at start-up and logs why.
 */
package io.rtda.accelerator.stats;
