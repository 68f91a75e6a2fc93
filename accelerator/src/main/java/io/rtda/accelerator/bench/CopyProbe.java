package io.rtda.accelerator.bench;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseMemObject;

import io.rtda.accelerator.opencl.OpenClDevice;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_queue_properties;

/**
 * The physical limits the device kernels are compared with, measured on the same device: a host-to-device
 * write from pinned memory (the ceiling of the append path) and a device-to-device copy (read plus write, the
 * ceiling of a pass that streams the windows). Owns its own context, released before the kernels run.
 */
final class CopyProbe {
    private CopyProbe() {
    }

    /** Measures both copies over {@code bytes}; returns {@code [hostToDevice, deviceToDevice]} in bytes/s. */
    static double[] measure(OpenClDevice device, long bytes, double seconds) {
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        cl_context context = clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, null);
        cl_command_queue queue = clCreateCommandQueueWithProperties(context, device.device(),
                new cl_queue_properties(), null);
        cl_mem pinned = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR, bytes, null, null);
        cl_mem a = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        cl_mem b = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        try {
            ByteBuffer map = clEnqueueMapBuffer(queue, pinned, CL_TRUE, CL_MAP_WRITE, 0, bytes, 0, null, null, null);
            Pointer host = Pointer.to(map);
            double write = DeviceBench.time(seconds, () -> {
                clEnqueueWriteBuffer(queue, a, CL_TRUE, 0, bytes, host, 0, null, null);
            });
            double copy = DeviceBench.time(seconds, () -> {
                clEnqueueCopyBuffer(queue, a, b, 0, 0, bytes, 0, null, null);
                clFinish(queue);
            });
            clEnqueueUnmapMemObject(queue, pinned, map, 0, null, null);
            clFinish(queue);
            return new double[] {bytes / write, 2.0 * bytes / copy};
        } finally {
            clReleaseMemObject(pinned);
            clReleaseMemObject(a);
            clReleaseMemObject(b);
            clReleaseCommandQueue(queue);
            clReleaseContext(context);
        }
    }

    static String report(double[] rates, long bytes) {
        return String.format(Locale.ROOT, "%ncopy limits over %d MiB: host-to-device (pinned) %.2f GB/s, "
                + "device-to-device (read + write) %.2f GB/s%n", bytes >> 20, rates[0] / 1e9, rates[1] / 1e9);
    }
}
