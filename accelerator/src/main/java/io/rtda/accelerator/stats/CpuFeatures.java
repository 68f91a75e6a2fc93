package io.rtda.accelerator.stats;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JIT may use on this CPU, for kernels whose fastest form depends on it (AVX-512 has a SIMD double
 * sort and a vector long-to-double conversion that AVX2 lacks). Read once from HotSpot's flags.
 */
public final class CpuFeatures {
    private static final int AVX = readAvxLevel();

    private CpuFeatures() {
    }

    /** HotSpot's {@code UseAVX} (3: AVX-512, 2: AVX2), or 0 on another VM or CPU. */
    public static int avxLevel() {
        return AVX;
    }

    /** Whether this JVM runs on x86-64. */
    public static boolean isX86() {
        return System.getProperty("os.arch", "").matches("amd64|x86_64");
    }

    private static int readAvxLevel() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean == null ? 0 : Integer.parseInt(bean.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
