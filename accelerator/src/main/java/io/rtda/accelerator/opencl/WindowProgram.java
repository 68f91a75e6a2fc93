package io.rtda.accelerator.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** Builds window_stats.cl for one device and reads what the compiler said. */
final class WindowProgram {
    /**
     * Registers per work-item NVIDIA's compiler may give the kernels. Uncapped, the quantile kernel took 122
     * registers, so two 256-wide work-groups fit a multiprocessor; at 64 four fit, with a few spills. On an
     * H200 (driver 580.159.04) that took full statistics over 65,536 x 4,096 from 9.92 to 7.74 ms and over
     * 1,048,576 x 256 from 13.98 to 11.02 ms, the moments kernel unchanged (docs/benchmarks.md).
     */
    static final String NVIDIA_REGISTER_CAP = "-cl-nv-maxrregcount=64";

    private WindowProgram() {
    }

    /** The build options for {@code device}: see {@link #options(int, boolean, String)}. */
    static String options(OpenClDevice device, int registerSamples, String extra) {
        return options(registerSamples, device.platformName().startsWith("NVIDIA"), extra);
    }

    /**
     * The kernels' build options: the samples each work-item keeps in registers, NVIDIA's register cap on that
     * platform unless {@code extra} sets its own, then {@code extra} (tuning; empty in production).
     */
    static String options(int registerSamples, boolean nvidia, String extra) {
        StringBuilder options = new StringBuilder("-DPER=").append(registerSamples);
        if (nvidia && !extra.contains("-cl-nv-maxrregcount")) {
            options.append(' ').append(NVIDIA_REGISTER_CAP);
        }
        if (!extra.isBlank()) {
            options.append(' ').append(extra.trim());
        }
        return options.toString();
    }

    /** The build's options, each kernel's limits and spills as the driver reports them, and the compiler's log. */
    static String report(OpenClDevice device, cl_program program, String options, cl_kernel... kernels) {
        StringBuilder report = new StringBuilder("build options: " + options);
        for (cl_kernel kernel : kernels) {
            report.append(System.lineSeparator()).append(OpenClDevice.kernelName(kernel)).append(": ")
                    .append(device.kernelInfo(kernel));
        }
        String log = buildLog(program, device.device());
        return log.isEmpty() ? report.toString() : report + System.lineSeparator() + log;
    }

    static String buildLog(cl_program program, cl_device_id device) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).replace("\0", "").trim();
    }

    static cl_program build(cl_context context, cl_device_id device, String options) {
        String source;
        try (InputStream in = WindowProgram.class.getResourceAsStream("window_stats.cl")) {
            if (in == null) {
                throw new IllegalStateException("window_stats.cl is missing from the accelerator jar");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device);
            clReleaseProgram(program);
            throw new IllegalStateException("window_stats.cl failed to build with '" + options + "': " + log, e);
        }
        return program;
    }
}
