package io.rtda.accelerator.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import io.rtda.accelerator.stats.DeviceWindows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * Device-resident sliding windows and their statistics kernels. Stream slot {@code s} owns a ring of
 * {@link #capacity()} samples in device memory; callers keep the ring positions (they own the window
 * semantics: ordering, duplicates, lateness) and send only appended samples with their physical index.
 * Owns every OpenCL handle it creates and releases them in {@link #close()}. Not thread-safe: one owner
 * thread issues appends and computations (the queue is in order).
 */
public final class OpenClWindows implements DeviceWindows {
    private static final int STAGING_BYTES_PER_SAMPLE = 24;
    /** Staged samples beyond which {@link #append} sends what it holds before staging more (256 MiB). */
    private static final int STAGING_LIMIT = (256 << 20) / STAGING_BYTES_PER_SAMPLE;

    private final OpenClDevice device;
    private final int capShift;
    private final int workGroup;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final cl_kernel scatter;
    private final cl_kernel moments;
    private final cl_kernel quantiles;
    private final cl_kernel quantilesRadix;
    private final cl_kernel madRadix;
    private final int bitonicLimit;
    private int streams;
    private cl_mem values;
    private cl_mem times;
    private final Growable staging = new Growable(CL_MEM_READ_ONLY);
    private final Growable results = new Growable(CL_MEM_WRITE_ONLY);
    /** Host-side pinned memory the batch is assembled in, mapped for the object's life. */
    private cl_mem pinned;
    private long pinnedBytes;
    private ByteBuffer pinnedMap;
    /** Samples staged in pinned memory since the last upload. */
    private int staged;
    private int stagingLimit = STAGING_LIMIT;
    private double[] resultScratch = new double[0];

    /**
     * @param device   the device (see {@link OpenClDevice#choose})
     * @param streams  stream slots to allocate now (grown on demand by {@link #ensureStreams})
     * @param capacity ring capacity per stream, a power of two
     * @throws DeviceMemoryException when the device cannot hold the windows
     */
    public OpenClWindows(OpenClDevice device, int streams, int capacity) {
        this(device, streams, capacity, Integer.MAX_VALUE);
    }

    /**
     * @param bitonicLimit longest window sorted in local memory; longer ones use radix select (tests pass 0
     *                     to run radix select on every size)
     */
    OpenClWindows(OpenClDevice device, int streams, int capacity, int bitonicLimit) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        if (!device.fp64()) {
            throw new IllegalArgumentException("device " + device.name() + " lacks cl_khr_fp64 (double precision)");
        }
        this.device = device;
        this.capShift = Integer.numberOfTrailingZeros(capacity);
        this.workGroup = Math.max(1, Integer.highestOneBit(Math.min(256, device.maxWorkGroup())));
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, null);
        this.queue = clCreateCommandQueueWithProperties(context, device.device(), new cl_queue_properties(), null);
        this.program = build(context, device.device());
        this.scatter = clCreateKernel(program, "scatter", null);
        this.moments = clCreateKernel(program, "moments", null);
        this.quantiles = clCreateKernel(program, "quantiles", null);
        this.quantilesRadix = clCreateKernel(program, "quantiles_radix", null);
        this.madRadix = clCreateKernel(program, "mad_radix", null);
        this.bitonicLimit = bitonicLimit;
        ensureStreams(Math.max(1, streams));
    }

    public OpenClDevice device() {
        return device;
    }

    @Override
    public String describe() {
        return "OpenCL " + device;
    }

    @Override
    public int capacity() {
        return 1 << capShift;
    }

    public int streams() {
        return streams;
    }

    /** Longest window sorted in local memory (its padded power-of-two copy must fit). */
    int bitonicWindow() {
        long fit = Long.highestOneBit(Math.max(1, (device.localMemBytes() - 1024) / Double.BYTES));
        return (int) Math.min(bitonicLimit, Math.min(capacity(), Math.min(fit, 1 << 20)));
    }

    /** Makes room for at least {@code n} stream slots, keeping the windows already on the device. */
    @Override
    public void ensureStreams(int n) {
        if (n <= streams) {
            return;
        }
        int grown = Math.max(n, streams == 0 ? n : Math.min(Integer.MAX_VALUE >> 1, streams * 2));
        long bytes = (long) grown << capShift << 3;
        if (bytes > device.maxAllocBytes() || 2 * bytes > device.globalMemBytes()) {
            throw new DeviceMemoryException(String.format("windows of %d streams x %d samples need 2 x %d MiB on %s,"
                    + " which allows %d MiB per buffer and has %d MiB: lower rtda.window.count-size or the number of "
                    + "streams per worker", grown, capacity(), bytes >> 20, device.name(), device.maxAllocBytes() >> 20,
                    device.globalMemBytes() >> 20), null);
        }
        cl_mem newValues = allocate(CL_MEM_READ_WRITE, bytes);
        cl_mem newTimes;
        try {
            newTimes = allocate(CL_MEM_READ_WRITE, bytes);
        } catch (DeviceMemoryException e) {
            clReleaseMemObject(newValues);
            throw e;
        }
        if (streams > 0) {
            long old = (long) streams << capShift << 3;
            clEnqueueCopyBuffer(queue, values, newValues, 0, 0, old, 0, null, null);
            clEnqueueCopyBuffer(queue, times, newTimes, 0, 0, old, 0, null, null);
            clFinish(queue);
            clReleaseMemObject(values);
            clReleaseMemObject(times);
        }
        values = newValues;
        times = newTimes;
        streams = grown;
    }

    /**
     * Stages {@code n} appended samples in pinned host memory: sample i goes to stream slot {@code slot[i]}
     * at physical ring index {@code index[i]}. Nothing crosses the bus yet: the next {@link #compute} sends
     * the staged samples and its window list in one transfer, and the scatter kernel places them first. Only
     * when more than 256 MiB is staged does an append send (and scatter) what it holds first, in order.
     */
    @Override
    public void append(int n, int[] slot, int[] index, double[] v, long[] t) {
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (slot[i] < 0 || slot[i] >= streams || index[i] < 0 || index[i] >= capacity()) {
                throw new IllegalArgumentException("sample " + i + " targets slot " + slot[i] + " index " + index[i]
                        + " outside " + streams + " x " + capacity());
            }
        }
        for (int from = 0; from < n; ) {
            if (staged >= stagingLimit) {
                upload(0, null);
            }
            int take = Math.min(n - from, stagingLimit - staged);
            stage(from, take, slot, index, v, t);
            from += take;
        }
    }

    /** Writes samples {@code from .. from + take - 1} into pinned memory behind those already staged. */
    private void stage(int from, int take, int[] slot, int[] index, double[] v, long[] t) {
        ensurePinned((long) (staged + take) * STAGING_BYTES_PER_SAMPLE);
        LongBuffer records = pinnedMap.duplicate().order(ByteOrder.nativeOrder())
                .position(staged * STAGING_BYTES_PER_SAMPLE).slice().order(ByteOrder.nativeOrder()).asLongBuffer();
        for (int i = from; i < from + take; i++) {
            records.put(Double.doubleToRawLongBits(v[i])).put(t[i]).put(((long) slot[i] << capShift) | index[i]);
        }
        staged += take;
    }

    /** Lowers the staging limit so tests reach the mid-append upload with few samples. */
    void stagingLimit(int samples) {
        if (samples < 1 || samples > STAGING_LIMIT) {
            throw new IllegalArgumentException("staging limit must be 1.." + STAGING_LIMIT + ", was " + samples);
        }
        stagingLimit = samples;
    }

    /** Replaces a stream's whole ring (after an out-of-order insert shifted its samples). */
    @Override
    public void uploadRing(int slot, double[] ringValues, long[] ringTimes) {
        upload(0, null);
        long offset = (long) slot << capShift << 3;
        long bytes = (long) capacity() << 3;
        clEnqueueWriteBuffer(queue, values, CL_TRUE, offset, bytes, Pointer.to(ringValues), 0, null, null);
        clEnqueueWriteBuffer(queue, times, CL_TRUE, offset, bytes, Pointer.to(ringTimes), 0, null, null);
    }

    /**
     * Statistics of {@code count} windows; window w is {@code spec[3w] = slot, spec[3w+1] = physical index
     * of its oldest sample, spec[3w+2] = length} (1 to capacity). One transfer carries the staged samples
     * and this list; the scatter kernel places the samples, the statistics kernels run, and one read brings
     * back {@link #MOMENTS} doubles per window (into {@code momentsResult}) and, when {@code quantilesResult}
     * is not null, {@link #QUANTILES} more. Blocks until the results are on the host.
     */
    @Override
    public void compute(int count, int[] spec, double[] momentsResult, double[] quantilesResult) {
        int longest = 0;
        for (int w = 0; w < count; w++) {
            int length = spec[3 * w + 2];
            if (spec[3 * w] < 0 || spec[3 * w] >= streams || length < 1 || length > capacity()) {
                throw new IllegalArgumentException("window " + w + " is not inside " + streams + " x " + capacity());
            }
            longest = Math.max(longest, length);
        }
        int specOffset = upload(count, spec);
        if (count == 0) {
            return;
        }
        int resultDoubles = (MOMENTS + (quantilesResult == null ? 0 : QUANTILES)) * count;
        results.ensure(8L * resultDoubles);
        long[] global = {(long) count * workGroup};
        long[] local = {workGroup};
        setArgs(moments, values, times, staging.mem, specOffset, capShift, results.mem, 0);
        clSetKernelArg(moments, 7, 7L * workGroup * Sizeof.cl_double, null);
        clEnqueueNDRangeKernel(queue, moments, 1, null, global, local, 0, null, null);
        if (quantilesResult != null) {
            int padded = Integer.highestOneBit(Math.max(1, longest - 1)) << (longest > 1 ? 1 : 0);
            int outOffset = MOMENTS * count;
            if (padded <= bitonicWindow()) {
                setArgs(quantiles, values, staging.mem, specOffset, capShift, padded, results.mem, outOffset);
                clSetKernelArg(quantiles, 7, (long) padded * Sizeof.cl_double, null);
                clEnqueueNDRangeKernel(queue, quantiles, 1, null, global, local, 0, null, null);
            } else {
                for (cl_kernel kernel : new cl_kernel[] {quantilesRadix, madRadix}) {
                    setArgs(kernel, values, staging.mem, specOffset, capShift, results.mem, outOffset);
                    clSetKernelArg(kernel, 6, 8L * 256 * Sizeof.cl_uint, null);
                    clEnqueueNDRangeKernel(queue, kernel, 1, null, global, local, 0, null, null);
                }
            }
        }
        if (resultScratch.length < resultDoubles) {
            resultScratch = new double[resultDoubles];
        }
        clEnqueueReadBuffer(queue, results.mem, CL_TRUE, 0, 8L * resultDoubles, Pointer.to(resultScratch), 0, null,
                null);
        System.arraycopy(resultScratch, 0, momentsResult, 0, MOMENTS * count);
        if (quantilesResult != null) {
            System.arraycopy(resultScratch, MOMENTS * count, quantilesResult, 0, QUANTILES * count);
        }
    }

    /**
     * Sends the staged samples and {@code count} windows of {@code spec} in one transfer and scatters the
     * samples; returns where the window list starts in the staging buffer, in ints.
     */
    private int upload(int count, int[] spec) {
        long sampleBytes = (long) staged * STAGING_BYTES_PER_SAMPLE;
        long bytes = sampleBytes + 12L * count;
        if (bytes == 0) {
            return 0;
        }
        ensurePinned(bytes);
        if (count > 0) {
            pinnedMap.duplicate().order(ByteOrder.nativeOrder()).position((int) sampleBytes).slice()
                    .order(ByteOrder.nativeOrder()).asIntBuffer().put(spec, 0, 3 * count);
        }
        staging.ensure(bytes);
        clEnqueueWriteBuffer(queue, staging.mem, CL_TRUE, 0, bytes, Pointer.to(pinnedMap), 0, null, null);
        if (staged > 0) {
            setArgs(scatter, values, times, staging.mem, staged);
            long global = (staged + workGroup - 1L) / workGroup * workGroup;
            clEnqueueNDRangeKernel(queue, scatter, 1, null, new long[] {global}, new long[] {workGroup}, 0, null,
                    null);
        }
        int specOffset = (int) (sampleBytes / Integer.BYTES);
        staged = 0;
        return specOffset;
    }

    /** Grows the pinned staging memory to {@code bytes}, keeping what is staged. */
    private void ensurePinned(long bytes) {
        if (bytes <= pinnedBytes) {
            return;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("one batch may stage at most 2 GiB, asked " + (bytes >> 20) + " MiB");
        }
        long size = Math.min(Integer.MAX_VALUE, Math.max(bytes, Math.max(1 << 16, pinnedBytes * 2)));
        cl_mem grown = allocate(CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR, size);
        ByteBuffer map = clEnqueueMapBuffer(queue, grown, CL_TRUE, CL_MAP_WRITE, 0, size, 0, null, null, null)
                .order(ByteOrder.nativeOrder());
        if (pinned != null) {
            ByteBuffer old = pinnedMap.duplicate();
            old.limit(staged * STAGING_BYTES_PER_SAMPLE);
            map.duplicate().put(old);
            clEnqueueUnmapMemObject(queue, pinned, pinnedMap, 0, null, null);
            clFinish(queue);
            clReleaseMemObject(pinned);
        }
        pinned = grown;
        pinnedMap = map;
        pinnedBytes = size;
    }

    /** Sets a kernel's leading arguments: cl_mem handles and ints, in order. */
    private static void setArgs(cl_kernel kernel, Object... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof cl_mem mem) {
                clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(mem));
            } else {
                clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {(Integer) args[i]}));
            }
        }
    }

    /** Sends any staged samples and waits for everything queued. */
    public void finish() {
        upload(0, null);
        clFinish(queue);
    }

    @Override
    public void close() {
        clFinish(queue);
        if (pinned != null) {
            clEnqueueUnmapMemObject(queue, pinned, pinnedMap, 0, null, null);
            clFinish(queue);
            clReleaseMemObject(pinned);
        }
        staging.release();
        results.release();
        if (values != null) {
            clReleaseMemObject(values);
            clReleaseMemObject(times);
        }
        clReleaseKernel(scatter);
        clReleaseKernel(moments);
        clReleaseKernel(quantiles);
        clReleaseKernel(quantilesRadix);
        clReleaseKernel(madRadix);
        clReleaseProgram(program);
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    private cl_mem allocate(long flags, long bytes) {
        try {
            return clCreateBuffer(context, flags, bytes, null, null);
        } catch (CLException e) {
            throw new DeviceMemoryException("could not allocate " + (bytes >> 20) + " MiB on " + device.name() + " ("
                    + e.getMessage() + "): lower rtda.window.count-size or the streams per worker", e);
        }
    }

    private static cl_program build(cl_context context, cl_device_id device) {
        String source;
        try (InputStream in = OpenClWindows.class.getResourceAsStream("window_stats.cl")) {
            if (in == null) {
                throw new IllegalStateException("window_stats.cl is missing from the accelerator jar");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device}, "", null, null);
        } catch (CLException e) {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            clReleaseProgram(program);
            throw new IllegalStateException("window_stats.cl failed to build: "
                    + new String(log, StandardCharsets.UTF_8).trim(), e);
        }
        return program;
    }

    /** A device buffer that grows by doubling; owned by this object. */
    private final class Growable {
        final long flags;
        cl_mem mem;
        long bytes;

        Growable(long flags) {
            this.flags = flags;
        }

        /** Makes the buffer hold at least {@code needed} bytes; true when it was (re)allocated. */
        boolean ensure(long needed) {
            if (needed <= bytes) {
                return false;
            }
            long size = Math.max(needed, Math.max(4096, bytes * 2));
            if (mem != null) {
                clReleaseMemObject(mem);
                mem = null;
                bytes = 0;
            }
            mem = allocate(flags, size);
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
}
