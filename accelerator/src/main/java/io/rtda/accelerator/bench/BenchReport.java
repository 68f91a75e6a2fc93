package io.rtda.accelerator.bench;

import java.util.List;
import java.util.Locale;

/** Formats benchmark results: one line per measurement as it finishes, and the closing table. */
final class BenchReport {
    private BenchReport() {
    }

    static String ingestLine(IngestRun.Result r) {
        return String.format(Locale.ROOT, "ingest %-6s %-9s %8.2f M readings/s; apply p50 %.3f ms p99 %.3f ms "
                + "max %.3f ms (%d batches); stream update p50 %.2f us p99 %.2f us; group+first p50 %.3f ms; "
                + "%.0f KiB allocated/batch",
                r.backend(), r.mode(), r.readingsPerSecond() / 1e6, ms(r.apply().percentile(50)),
                ms(r.apply().percentile(99)), ms(r.apply().max()), r.apply().size(),
                us(r.streamUpdate().percentile(50)), us(r.streamUpdate().percentile(99)),
                ms(r.beforeFirst().percentile(50)), r.allocatedPerBatch() / 1024);
    }

    static String passLine(StatsPassRun.Result r, double dramGbps) {
        return String.format(Locale.ROOT, "stats pass %-6s %-14s (%5.0f MiB) %6.2f GB/s = %3.0f%% of %.1f GB/s "
                + "DRAM (%d passes)", r.backend(), r.dataSet(), r.dataSetBytes() / 1048576.0, r.gbPerSecond(),
                100 * r.gbPerSecond() / dramGbps, dramGbps, r.passes());
    }

    static String table(List<IngestRun.Result> ingest, List<StatsPassRun.Result> passes, BenchOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-7s %-10s %12s %10s %10s %10s %14s %14s %10s%n", "backend",
                "mode", "M rdg/s/core", "apply p50", "apply p99", "apply max", "stream upd p50", "stream upd p99",
                "KiB/batch"));
        for (IngestRun.Result r : ingest) {
            sb.append(String.format(Locale.ROOT,
                    "%-7s %-10s %12.2f %8.3fms %8.3fms %8.3fms %12.2fus %12.2fus %10.0f%n",
                    r.backend(), r.mode(), r.readingsPerSecond() / 1e6, ms(r.apply().percentile(50)),
                    ms(r.apply().percentile(99)), ms(r.apply().max()), us(r.streamUpdate().percentile(50)),
                    us(r.streamUpdate().percentile(99)), r.allocatedPerBatch() / 1024));
        }
        sb.append(String.format(Locale.ROOT, "targets: >= 5 M/s/core moments, >= 1.5 M/s/core quantiles "
                + "(%d readings/stream/batch)%n%n", o.perStream()));
        sb.append(String.format(Locale.ROOT, "%-7s %-16s %9s %8s %10s%n", "backend", "stats pass", "size MiB",
                "GB/s", "% of DRAM"));
        for (StatsPassRun.Result r : passes) {
            sb.append(String.format(Locale.ROOT, "%-7s %-16s %9.0f %8.2f %9.0f%%%n", r.backend(), r.dataSet(),
                    r.dataSetBytes() / 1048576.0, r.gbPerSecond(), 100 * r.gbPerSecond() / o.dramGbps()));
        }
        sb.append(String.format(Locale.ROOT, "(DRAM reference %.1f GB/s single core; bytes = 8 B value + 8 B time "
                + "per sample; 'read' = plain streaming read of the same data, the measured roofline)%n",
                o.dramGbps()));
        return sb.toString();
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static double us(double nanos) {
        return nanos / 1e3;
    }
}
