package io.rtda.accelerator.opencl;

import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseMemObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.CLException;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/** The growable buffers {@link OpenClWindows} stages batches and results in; each owned by that object. */
final class Buffers {
    private Buffers() {
    }

    /** Allocates device memory of the owner's context. */
    @FunctionalInterface
    interface Allocator {
        cl_mem allocate(long flags, long bytes);
    }

    /** A buffer of {@code bytes} in {@code context}, or a {@link DeviceMemoryException} saying what to lower. */
    static cl_mem allocate(cl_context context, OpenClDevice device, long flags, long bytes) {
        try {
            return clCreateBuffer(context, flags, bytes, null, null);
        } catch (CLException e) {
            throw new DeviceMemoryException("could not allocate " + (bytes >> 20) + " MiB on " + device.name() + " ("
                    + e.getMessage() + "): lower rtda.window.count-size or the streams per worker", e);
        }
    }

    /** A device buffer that grows by doubling. */
    static final class Growable {
        private final Allocator allocator;
        private final long flags;
        cl_mem mem;
        private long bytes;

        Growable(Allocator allocator, long flags) {
            this.allocator = allocator;
            this.flags = flags;
        }

        /** Makes the buffer hold at least {@code needed} bytes; true when it was (re)allocated. */
        boolean ensure(long needed) {
            if (needed <= bytes) {
                return false;
            }
            long size = Math.max(needed, Math.max(4096, bytes * 2));
            release();
            bytes = 0;
            mem = allocator.allocate(flags, size);
            bytes = size;
            return true;
        }

        void release() {
            if (mem != null) {
                clReleaseMemObject(mem);
                mem = null;
            }
        }
    }

    /** Pinned host memory (a host-allocated buffer mapped for its owner's life) that grows by doubling. */
    static final class Pinned {
        private final Allocator allocator;
        private final long flags;
        private final long mapFlags;
        private cl_mem mem;
        private long bytes;
        ByteBuffer map;

        Pinned(Allocator allocator, long flags, long mapFlags) {
            this.allocator = allocator;
            this.flags = flags;
            this.mapFlags = mapFlags;
        }

        /** Makes the mapping hold at least {@code needed} bytes, keeping its first {@code keep} bytes. */
        void ensure(cl_command_queue queue, long needed, long keep) {
            if (needed <= bytes) {
                return;
            }
            if (needed > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("one batch may stage at most 2 GiB, asked " + (needed >> 20)
                        + " MiB");
            }
            long size = Math.min(Integer.MAX_VALUE, Math.max(needed, Math.max(1 << 16, bytes * 2)));
            cl_mem grown = allocator.allocate(flags | CL_MEM_ALLOC_HOST_PTR, size);
            ByteBuffer grownMap = clEnqueueMapBuffer(queue, grown, CL_TRUE, mapFlags, 0, size, 0, null, null, null)
                    .order(ByteOrder.nativeOrder());
            if (mem != null) {
                grownMap.duplicate().put(map.duplicate().limit((int) keep));
                release(queue);
            }
            mem = grown;
            map = grownMap;
            bytes = size;
        }

        void release(cl_command_queue queue) {
            if (mem != null) {
                clEnqueueUnmapMemObject(queue, mem, map, 0, null, null);
                clFinish(queue);
                clReleaseMemObject(mem);
                mem = null;
            }
        }
    }
}
