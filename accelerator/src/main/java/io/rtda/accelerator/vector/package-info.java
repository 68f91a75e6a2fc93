/**
 * The Java Vector API backend. The only package that imports {@code jdk.incubator.vector}; loaded by
 * reflection from {@link io.rtda.accelerator.stats.StatsKernels} so a JVM without the incubator module
 * still starts (on the scalar kernel, with the remedy logged).
 */
package io.rtda.accelerator.vector;
