package io.rtda.accelerator.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_KERNEL_FUNCTION_NAME;
import static org.jocl.CL.CL_KERNEL_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_KERNEL_PRIVATE_MEM_SIZE;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clGetKernelInfo;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;

/**
 * An OpenCL device as discovered, with the properties the backend needs.
 *
 * @param platformName    the platform (driver) name
 * @param name            the device name
 * @param gpu             whether it is a GPU
 * @param globalMemBytes  device memory
 * @param maxAllocBytes   largest single buffer
 * @param localMemBytes   local (work-group shared) memory
 * @param maxWorkGroup    largest work-group
 * @param fp64            whether doubles are supported (required)
 * @param platform        JOCL platform handle
 * @param device          JOCL device handle
 */
public record OpenClDevice(String platformName, String name, boolean gpu, long globalMemBytes, long maxAllocBytes,
        long localMemBytes, int maxWorkGroup, boolean fp64, cl_platform_id platform, cl_device_id device) {

    /**
     * Every device of every platform; empty when no OpenCL runtime (ICD loader) is installed.
     *
     * @throws IllegalStateException with the remedy when the native library cannot load
     */
    public static List<OpenClDevice> all() {
        List<OpenClDevice> devices = new ArrayList<>();
        int[] count = new int[1];
        try {
            CL.setExceptionsEnabled(true);
            clGetPlatformIDs(0, null, count);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IllegalStateException("no OpenCL runtime: install an ICD loader and a driver "
                    + "(Debian: ocl-icd-libopencl1 plus pocl-opencl-icd for CPUs or the GPU vendor's ICD)", e);
        } catch (org.jocl.CLException e) {
            return devices;
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        for (cl_platform_id platform : platforms) {
            int[] n = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (org.jocl.CLException e) {
                continue;
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                String extensions = string(id, CL_DEVICE_EXTENSIONS);
                devices.add(new OpenClDevice(platformString(platform), string(id, CL_DEVICE_NAME).trim(),
                        (longInfo(id, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU) != 0,
                        longInfo(id, CL_DEVICE_GLOBAL_MEM_SIZE), longInfo(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                        longInfo(id, CL_DEVICE_LOCAL_MEM_SIZE), (int) sizeInfo(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                        extensions.contains("cl_khr_fp64"), platform, id));
            }
        }
        return devices;
    }

    /** The first GPU with fp64, else (when {@code allowCpu}) the first device with fp64. */
    public static Optional<OpenClDevice> choose(boolean allowCpu) {
        List<OpenClDevice> devices = all();
        Optional<OpenClDevice> gpu = devices.stream().filter(d -> d.gpu() && d.fp64()).findFirst();
        if (gpu.isPresent() || !allowCpu) {
            return gpu;
        }
        return devices.stream().filter(OpenClDevice::fp64).findFirst();
    }

    @Override
    public String toString() {
        return name + " (" + platformName + ", " + (gpu ? "GPU" : "CPU") + ", " + (globalMemBytes >> 20) + " MiB, "
                + "local " + (localMemBytes >> 10) + " KiB)";
    }

    private static String string(cl_device_id id, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(id, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(id, param, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, 0, Math.max(0, buffer.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String platformString(cl_platform_id platform) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetPlatformInfo(platform, CL_PLATFORM_NAME, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, 0, Math.max(0, buffer.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long longInfo(cl_device_id id, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    private static long sizeInfo(cl_device_id id, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(id, param, Sizeof.size_t, Pointer.to(value), null);
        return value[0];
    }

    /** The largest power-of-two work-group, up to 256, the kernel runs with on this device. */
    int kernelGroup(cl_kernel kernel) {
        long[] size = new long[1];
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(size),
                null);
        return Math.max(1, Integer.highestOneBit((int) Math.min(256, size[0])));
    }

    /** A kernel's largest work-group and its private and local bytes on this device, as the driver reports them. */
    String kernelInfo(cl_kernel kernel) {
        long[] group = new long[1];
        long[] privateBytes = new long[1];
        long[] localBytes = new long[1];
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(group), null);
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_PRIVATE_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(privateBytes),
                null);
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(localBytes),
                null);
        return "max work-group " + group[0] + ", private " + privateBytes[0] + " B, static local " + localBytes[0]
                + " B";
    }

    static String kernelName(cl_kernel kernel) {
        long[] size = new long[1];
        clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, 0, null, size);
        byte[] name = new byte[(int) size[0]];
        clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, name.length, Pointer.to(name), null);
        return new String(name, 0, Math.max(0, name.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Device nanoseconds from a profiled command's start to its end. */
    static long eventNanos(cl_event event) {
        long[] start = new long[1];
        long[] end = new long[1];
        clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
        clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
        return end[0] - start[0];
    }
}
