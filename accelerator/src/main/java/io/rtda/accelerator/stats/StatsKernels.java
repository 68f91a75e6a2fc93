package io.rtda.accelerator.stats;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the statistics backend once, at start-up, and says why. {@code auto} prefers the Java Vector
 * API and falls back to the scalar kernel with the remedy logged; naming a backend that cannot load is an
 * error, not a silent fallback. Device-resident windows (OpenCL) are chosen by {@code backend.Backends}.
 */
public final class StatsKernels {
    private static final Logger LOG = System.getLogger(StatsKernels.class.getName());
    private static final String VECTOR_KERNEL = "io.rtda.accelerator.vector.VectorStatsKernel";

    private StatsKernels() {
    }

    /** The outcome of selection: the kernel and the reason it was chosen. */
    public record Selection(StatsKernel kernel, String reason) {
    }

    /**
     * Selects a kernel for {@code backend} ({@code auto}, {@code scalar} or {@code vector}) and logs the
     * choice once with stable id RTDA-ACC-001 (choice) or RTDA-ACC-002 (fallback).
     *
     * @throws IllegalArgumentException for an unknown backend or an explicitly requested one that is absent
     */
    public static Selection select(String backend) {
        String wanted = backend == null ? "auto" : backend.trim().toLowerCase(Locale.ROOT);
        Selection selection = switch (wanted) {
            case "scalar" -> new Selection(new ScalarStatsKernel(), "requested by configuration");
            case "vector" -> {
                try {
                    yield new Selection(loadVector(), "requested by configuration");
                } catch (LinkageError | ReflectiveOperationException e) {
                    throw new IllegalArgumentException("rtda.accelerator.backend=vector, but the Vector API is not "
                            + "available (" + e + "): run the JVM with --add-modules jdk.incubator.vector", e);
                }
            }
            case "auto" -> auto();
            default -> throw new IllegalArgumentException("rtda.accelerator.backend must be one of auto, scalar, "
                    + "vector (opencl is chosen by io.rtda.accelerator.backend.Backends), was '" + backend + "'");
        };
        LOG.log(Level.INFO, "RTDA-ACC-001 statistics backend: {0} ({1}); exact quantiles by {2}",
                new Object[] {selection.kernel(), selection.reason(), StatsCalculator.defaultQuantileMethod()});
        return selection;
    }

    private static Selection auto() {
        try {
            StatsKernel vector = loadVector();
            return new Selection(vector, "auto: Java Vector API available");
        } catch (LinkageError | ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "RTDA-ACC-002 Vector API unavailable ({0}); using the scalar kernel. Remedy: "
                    + "start the JVM with --add-modules jdk.incubator.vector", e.toString());
            return new Selection(new ScalarStatsKernel(), "auto: fallback, Vector API unavailable");
        }
    }

    private static StatsKernel loadVector() throws ReflectiveOperationException {
        Class<?> type = Class.forName(VECTOR_KERNEL);
        return (StatsKernel) type.getDeclaredConstructor().newInstance();
    }
}
