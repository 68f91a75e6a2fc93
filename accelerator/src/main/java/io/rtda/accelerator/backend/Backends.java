package io.rtda.accelerator.backend;

import io.rtda.accelerator.opencl.OpenClDevice;
import io.rtda.accelerator.opencl.OpenClWindows;
import io.rtda.accelerator.stats.DeviceWindows;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.StatsKernels;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code rtda.accelerator.backend}: {@code auto} (an OpenCL GPU if one is present, else the Vector API,
 * else scalar), {@code scalar}, {@code vector}, or {@code opencl} (any OpenCL device with doubles, GPUs
 * first; PoCL's CPU device in CI). A backend named explicitly that cannot start is an error.
 */
public final class Backends {
    private static final Logger LOG = System.getLogger(Backends.class.getName());

    private Backends() {
    }

    /**
     * The chosen backend.
     *
     * @param name   {@code scalar}, {@code vector} or {@code opencl}
     * @param kernel the host kernel (time windows, queries, fallbacks)
     * @param device device-resident windows for count-window statistics, or null; the caller owns it
     * @param reason why it was chosen
     */
    public record Backend(String name, StatsKernel kernel, DeviceWindows device, String reason) {
    }

    /**
     * @param backend   the configured value
     * @param countSize the count window, which sizes the device rings
     * @param streams   stream slots to allocate on a device up front
     */
    public static Backend select(String backend, int countSize, int streams) {
        String wanted = backend == null ? "auto" : backend.trim().toLowerCase(Locale.ROOT);
        Backend chosen = switch (wanted) {
            case "scalar", "vector" -> host(StatsKernels.select(wanted));
            case "opencl" -> {
                Optional<OpenClDevice> device;
                try {
                    device = OpenClDevice.choose(true);
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException("rtda.accelerator.backend=opencl, but " + e.getMessage(), e);
                }
                if (device.isEmpty()) {
                    throw new IllegalArgumentException("rtda.accelerator.backend=opencl, but no OpenCL device with "
                            + "double precision was found: install the GPU vendor's OpenCL ICD, or pocl-opencl-icd "
                            + "for the CPU");
                }
                yield onDevice(device.get(), countSize, streams, "requested by configuration");
            }
            case "auto" -> auto(countSize, streams);
            default -> throw new IllegalArgumentException("rtda.accelerator.backend must be one of auto, scalar, "
                    + "vector, opencl, was '" + backend + "'");
        };
        LOG.log(Level.INFO, "RTDA-ACC-003 backend: {0}{1} ({2})", chosen.name(),
                chosen.device() == null ? "" : " on " + chosen.device().describe(), chosen.reason());
        return chosen;
    }

    private static Backend auto(int countSize, int streams) {
        Optional<OpenClDevice> gpu;
        try {
            gpu = OpenClDevice.choose(false);
        } catch (IllegalStateException | LinkageError e) {
            LOG.log(Level.INFO, "RTDA-ACC-004 no OpenCL runtime ({0}); statistics run on the CPU. For a GPU, "
                    + "install the vendor's OpenCL ICD", e.getMessage());
            return host(StatsKernels.select("auto"));
        }
        if (gpu.isEmpty()) {
            LOG.log(Level.INFO, "RTDA-ACC-004 no OpenCL GPU device with double precision; statistics run on the "
                    + "CPU. For a GPU, install the vendor's OpenCL ICD (NVIDIA: register libnvidia-opencl.so.1 in "
                    + "/etc/OpenCL/vendors)");
            return host(StatsKernels.select("auto"));
        }
        return onDevice(gpu.get(), countSize, streams, "auto: OpenCL GPU present");
    }

    private static Backend host(StatsKernels.Selection selection) {
        return new Backend(selection.kernel().name(), selection.kernel(), null, selection.reason());
    }

    private static Backend onDevice(OpenClDevice device, int countSize, int streams, String reason) {
        int capacity = countSize <= 1 ? 1 : Integer.highestOneBit(countSize - 1) << 1;
        StatsKernel hostKernel = StatsKernels.select("auto").kernel();
        return new Backend("opencl", hostKernel, new OpenClWindows(device, streams, capacity), reason);
    }
}
