package io.rtda.accelerator.opencl;

import static io.rtda.accelerator.opencl.HostCopies.copyBlock;
import static io.rtda.accelerator.opencl.HostCopies.inParts;
import static io.rtda.accelerator.opencl.HostCopies.region;
import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_QUEUE_PROPERTIES;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import io.rtda.accelerator.stats.DeviceWindows;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
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
    /** Staged bytes per sample: value, event time, slot, ring index. */
    private static final int STAGING_BYTES_PER_SAMPLE = 24;
    /** Staged samples beyond which {@link #append} sends what it holds before staging more (256 MiB). */
    private static final int STAGING_LIMIT = (256 << 20) / STAGING_BYTES_PER_SAMPLE;
    /** Samples each work-item keeps in registers for the selection (the kernel's PER). */
    private static final int REGISTER_SAMPLES = 16;
    /** Bytes of one window's selection state in local memory (the kernel's SEL_BYTES). */
    private static final int SELECT_BYTES = 768;
    /** Fewest work-items per window: the selection's bins and candidate buffer are sized from it. */
    private static final int MIN_LANES = 32;
    /** Histogram bins per work-item, as a shift: 4 for windows in registers, up to 32 for those that are not. */
    private static final int REGISTER_BIN_SHIFT = 2;
    private static final int GLOBAL_BIN_SHIFT = 5;

    private final OpenClDevice device;
    private final int capShift;
    private final int workGroup;
    /** Largest work-group of the statistics kernels (a kernel's registers can lower the device's limit). */
    private final int statsGroup;
    private final int onChipLimit;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final cl_kernel scatter;
    private final cl_kernel moments;
    private final cl_kernel quantiles;
    private final cl_kernel quantilesLocal;
    /** Where the quantile kernel keeps each window it can hold on the chip during the selection. */
    private OnChip onChip = OnChip.REGISTERS;
    private int streams;
    private cl_mem values;
    private cl_mem times;
    private final Buffers.Growable staging = new Buffers.Growable(this::allocate, CL_MEM_READ_ONLY);
    private final Buffers.Growable results = new Buffers.Growable(this::allocate, CL_MEM_WRITE_ONLY);
    /** Host-side pinned memory the batch is assembled in, mapped for the object's life. */
    private final Buffers.Pinned upload = new Buffers.Pinned(this::allocate, CL_MEM_READ_ONLY, CL_MAP_WRITE);
    /** Host-side pinned memory the results are read into, then copied to the caller's arrays. */
    private final Buffers.Pinned download = new Buffers.Pinned(this::allocate, CL_MEM_READ_WRITE, CL_MAP_READ);
    /** Samples staged in pinned memory since the last upload, in blocks of one append each. */
    private int staged;
    private long stagedBytes;
    private int blocks;
    private long[] blockOffset = new long[8];
    private int[] blockSamples = new int[8];
    private int stagingLimit = STAGING_LIMIT;
    /** Whether the queue records kernel times (benchmarks only: profiling can slow a queue down). */
    private final boolean profiling;
    /** Device nanoseconds the last {@link #compute}'s statistics kernels ran (start to end), -1 when unknown. */
    private long kernelNanos = -1;
    /** The options the kernels were built with. */
    private final String buildOptions;

    /**
     * @param device   the device (see {@link OpenClDevice#choose})
     * @param streams  stream slots to allocate now (grown on demand by {@link #ensureStreams})
     * @param capacity ring capacity per stream, a power of two
     * @throws DeviceMemoryException when the device cannot hold the windows
     */
    public OpenClWindows(OpenClDevice device, int streams, int capacity) {
        this(device, streams, capacity, Integer.MAX_VALUE, false, "");
    }

    /**
     * The same windows on a queue with profiling enabled, so {@link #kernelNanos()} reports what the statistics
     * kernels took on the device apart from the transfers. For benchmarks; production code uses the plain one.
     */
    public static OpenClWindows profiled(OpenClDevice device, int streams, int capacity) {
        return profiled(device, streams, capacity, "");
    }

    /**
     * As {@link #profiled(OpenClDevice, int, int)}, with {@code buildOptions} added to the kernels' build (for
     * tuning on a device, e.g. NVIDIA's {@code -cl-nv-verbose} or {@code -cl-nv-maxrregcount=N}); see
     * {@link #buildReport()}.
     */
    public static OpenClWindows profiled(OpenClDevice device, int streams, int capacity, String buildOptions) {
        return new OpenClWindows(device, streams, capacity, Integer.MAX_VALUE, true, buildOptions);
    }

    /** For tests: windows longer than {@code onChipLimit} take the global-memory selection; no profiling. */
    OpenClWindows(OpenClDevice device, int streams, int capacity, int onChipLimit) {
        this(device, streams, capacity, onChipLimit, false, "");
    }

    /**
     * @param onChipLimit   longest window the selection may hold on the chip (registers or local memory);
     *                      longer ones are read from global memory on every pass (tests pass 0 to run that
     *                      path on every size)
     * @param profiling     create the queue with CL_QUEUE_PROFILING_ENABLE and record kernel times
     * @param buildOptions  added to the kernels' build options (tuning only; empty in production)
     */
    private OpenClWindows(OpenClDevice device, int streams, int capacity, int onChipLimit, boolean profiling,
            String buildOptions) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        if (!device.fp64()) {
            throw new IllegalArgumentException("device " + device.name() + " lacks cl_khr_fp64 (double precision)");
        }
        this.device = device;
        this.capShift = Integer.numberOfTrailingZeros(capacity);
        this.workGroup = Math.max(1, Integer.highestOneBit(Math.min(256, device.maxWorkGroup())));
        this.onChipLimit = onChipLimit;
        this.profiling = profiling;
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        try {
            this.context = clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, null);
            cl_queue_properties queueProperties = new cl_queue_properties();
            if (profiling) {
                queueProperties.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
            }
            this.queue = clCreateCommandQueueWithProperties(context, device.device(), queueProperties, null);
            this.buildOptions = WindowProgram.options(device, REGISTER_SAMPLES, buildOptions);
            this.program = WindowProgram.build(context, device.device(), this.buildOptions);
            this.scatter = clCreateKernel(program, "scatter", null);
            this.moments = clCreateKernel(program, "window_moments", null);
            this.quantiles = clCreateKernel(program, "window_quantiles", null);
            this.quantilesLocal = clCreateKernel(program, "window_quantiles_local", null);
            this.statsGroup = Math.min(device.kernelGroup(moments), Math.min(device.kernelGroup(quantiles),
                    device.kernelGroup(quantilesLocal)));
            ensureStreams(Math.max(1, streams));
        } catch (RuntimeException e) {
            close(); // whatever was created before the failure
            throw e;
        }
    }

    public OpenClDevice device() {
        return device;
    }

    /** Chooses where the quantile kernel keeps windows from the next {@link #compute} on (registers at first). */
    public void onChip(OnChip where) {
        this.onChip = java.util.Objects.requireNonNull(where, "where");
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

    /**
     * Makes room for at least {@code n} stream slots, keeping the windows already on the device: twice the
     * slots held, or exactly {@code n} where twice does not fit.
     */
    @Override
    public void ensureStreams(int n) {
        if (n <= streams) {
            return;
        }
        int doubled = Math.max(n, streams == 0 ? n : Math.min(Integer.MAX_VALUE >> 1, streams * 2));
        if (doubled > n && fits(doubled)) {
            try {
                grow(doubled);
                return;
            } catch (DeviceMemoryException e) {
                // the driver refused the doubled size: try the size needed
            }
        }
        if (!fits(n)) {
            throw new DeviceMemoryException(String.format("windows of %d streams x %d samples need 2 x %d MiB on %s,"
                    + " which allows %d MiB per buffer and has %d MiB: lower rtda.window.count-size or the number of "
                    + "streams per worker", n, capacity(), ((long) n << capShift << 3) >> 20, device.name(),
                    device.maxAllocBytes() >> 20, device.globalMemBytes() >> 20), null);
        }
        grow(n);
    }

    private boolean fits(int slots) {
        long bytes = (long) slots << capShift << 3;
        return bytes <= device.maxAllocBytes() && 2 * bytes <= device.globalMemBytes();
    }

    private void grow(int grown) {
        long bytes = (long) grown << capShift << 3;
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
     * when more than 256 MiB is staged does an append send (and scatter) what it holds first, in order. Each
     * append is staged as four bulk copies (values, times, slots, indexes), not sample by sample.
     *
     * @throws IllegalArgumentException naming the first sample whose slot or index is outside the windows;
     *                                  nothing of this append is staged then
     */
    @Override
    public void append(int n, int[] slot, int[] index, double[] v, long[] t) {
        if (n == 0) {
            return;
        }
        HostCopies.checkTargets(n, slot, index, streams, capacity());
        for (int from = 0; from < n; ) {
            if (staged >= stagingLimit) {
                upload(0, null);
            }
            int take = Math.min(n - from, stagingLimit - staged);
            stage(from, take, slot, index, v, t);
            from += take;
        }
    }

    /**
     * Copies samples {@code from .. from + take - 1} into pinned memory behind those already staged, as one
     * block: {@code take} values, then times, then slots, then indexes. Large blocks are copied by several
     * threads, each a contiguous part of all four arrays: one thread's memory copy is slower than the bus.
     */
    private void stage(int from, int take, int[] slot, int[] index, double[] v, long[] t) {
        long bytes = (long) take * STAGING_BYTES_PER_SAMPLE;
        upload.ensure(queue, stagedBytes + bytes, stagedBytes);
        ByteBuffer block = upload.map.duplicate().position((int) stagedBytes).limit((int) (stagedBytes + bytes))
                .slice();
        inParts(take, (lo, hi) -> copyBlock(block, take, lo, hi, from, slot, index, v, t));
        if (blocks == blockOffset.length) {
            blockOffset = Arrays.copyOf(blockOffset, 2 * blocks);
            blockSamples = Arrays.copyOf(blockSamples, 2 * blocks);
        }
        blockOffset[blocks] = stagedBytes;
        blockSamples[blocks++] = take;
        stagedBytes += bytes;
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
     * and this list; the scatter kernel places the samples, one statistics kernel reads each window once
     * (moments, and with {@code quantilesResult} exact quantiles and MAD by histogram selection), and one read
     * into pinned memory brings back {@link #MOMENTS} doubles per window (into {@code momentsResult}) and,
     * when {@code quantilesResult} is not null, {@link #QUANTILES} more. Blocks until the results are on the
     * host.
     */
    @Override
    public void compute(int count, int[] spec, double[] momentsResult, double[] quantilesResult) {
        int longest = checkWindows(count, spec);
        int specOffset = upload(count, spec);
        if (count == 0) {
            return;
        }
        boolean withQuantiles = quantilesResult != null;
        int resultDoubles = (MOMENTS + (withQuantiles ? QUANTILES : 0)) * count;
        long resultBytes = 8L * resultDoubles;
        results.ensure(resultBytes);
        cl_event event = profiling ? new cl_event() : null;
        launch(count, specOffset, longest, withQuantiles, event);
        download.ensure(queue, resultBytes, 0);
        clEnqueueReadBuffer(queue, results.mem, CL_TRUE, 0, resultBytes, Pointer.to(download.map), 0, null, null);
        if (event != null) {
            kernelNanos = OpenClDevice.eventNanos(event);
            clReleaseEvent(event);
        }
        ByteBuffer read = download.map;
        inParts(MOMENTS * count,
                (lo, hi) -> region(read, 8L * lo).asDoubleBuffer().get(momentsResult, lo, hi - lo));
        if (withQuantiles) {
            long at = 8L * MOMENTS * count;
            inParts(QUANTILES * count,
                    (lo, hi) -> region(read, at + 8L * lo).asDoubleBuffer().get(quantilesResult, lo, hi - lo));
        }
    }

    /**
     * Device nanoseconds the statistics kernel of the last {@link #compute} ran, from its start to its end
     * (not the window list going up nor the results coming back); -1 unless made by {@link #profiled}.
     */
    public long kernelNanos() {
        return kernelNanos;
    }

    /**
     * Enqueues the statistics kernel. Moments: {@code momentLanes} work-items per window, as many windows per
     * work-group as fit (short windows would leave most of a device idle one per group). Quantiles: one
     * work-group per window, sized so the window fits its registers; the windows are held there, or in local
     * memory when {@link #onChip} says so and they fit; windows that are not held are read from global memory
     * per pass, with 8 times the histogram bins (fewer passes) where local memory allows.
     */
    private void launch(int count, int specOffset, int longest, boolean withQuantiles, cl_event event) {
        if (!withQuantiles) {
            int seg = momentLanes(longest);
            int perGroup = statsGroup / seg;
            long[] global = {((long) count + perGroup - 1) / perGroup * statsGroup};
            setArgs(moments, values, times, staging.mem, specOffset, count, capShift, seg, results.mem);
            clSetKernelArg(moments, 8, 7L * statsGroup * Double.BYTES, null);
            clEnqueueNDRangeKernel(queue, moments, 1, null, global, new long[] {statsGroup}, 0, null, event);
            return;
        }
        int lanes = lanes(longest);
        boolean local = onChip == OnChip.LOCAL_MEMORY;
        // Either way the same windows are held: those the work-group's registers could take.
        int held = Math.min(onChipLimit, lanes * REGISTER_SAMPLES);
        if (local) {
            boolean fits = localBytes(lanes, REGISTER_BIN_SHIFT) + 8L * longest <= device.localMemBytes();
            held = longest <= held && fits ? longest : 0;
        }
        int binShift = longest <= held ? REGISTER_BIN_SHIFT : GLOBAL_BIN_SHIFT;
        while (binShift > REGISTER_BIN_SHIFT && localBytes(lanes, binShift) > device.localMemBytes()) {
            binShift--;
        }
        cl_kernel kernel = local ? quantilesLocal : quantiles;
        setArgs(kernel, values, times, staging.mem, specOffset, count, capShift, held, binShift, results.mem,
                MOMENTS * count);
        clSetKernelArg(kernel, 10, localBytes(lanes, binShift) + (local && longest <= held ? 8L * held : 0), null);
        clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {(long) count * lanes}, new long[] {lanes}, 0,
                null, event);
    }

    /** Validates the window list; returns the longest window. */
    private int checkWindows(int count, int[] spec) {
        int longest = 0;
        for (int w = 0; w < count; w++) {
            int length = spec[3 * w + 2];
            if (spec[3 * w] < 0 || spec[3 * w] >= streams || length < 1 || length > capacity()) {
                throw new IllegalArgumentException("window " + w + " (slot " + spec[3 * w] + ", length " + length
                        + ") is not inside " + streams + " x " + capacity());
            }
            longest = Math.max(longest, length);
        }
        return longest;
    }

    /**
     * Work-items per window, which is the work-group: enough that the longest window fits their registers, at
     * least {@link #MIN_LANES} (the selection's bins and candidates are sized from it), at most the kernels allow.
     */
    private int lanes(int longest) {
        int needed = (longest + REGISTER_SAMPLES - 1) / REGISTER_SAMPLES;
        int lanes = Math.max(MIN_LANES, Integer.highestOneBit(Math.max(1, needed - 1)) << 1);
        return Math.min(statsGroup, lanes);
    }

    /** Work-items per window for the moments alone: about {@link #REGISTER_SAMPLES} samples each, 1 to a group. */
    private int momentLanes(int longest) {
        int needed = (longest + REGISTER_SAMPLES - 1) / REGISTER_SAMPLES;
        return Math.min(statsGroup, needed <= 1 ? 1 : Integer.highestOneBit(needed - 1) << 1);
    }

    /**
     * Local memory the quantile kernel carves (see window_stats.cl): the larger of its two uses, the moments'
     * reduction or the selection (state, candidates, {@code lanes << binShift} bins, two lane-sum buffers).
     */
    private static long localBytes(int lanes, int binShift) {
        long moments = 7L * lanes * Double.BYTES;
        int cap = Math.max(32, lanes / 2);
        return Math.max(moments, 8 + SELECT_BYTES + 8L * 4 * cap + 4L * ((long) lanes << binShift) + 8L * lanes);
    }

    /**
     * Sends the staged samples and {@code count} windows of {@code spec} in one transfer and scatters the
     * samples, block by block in staging order; returns where the window list starts in the staging buffer,
     * in ints.
     */
    private int upload(int count, int[] spec) {
        long bytes = stagedBytes + 12L * count;
        if (bytes == 0) {
            return 0;
        }
        upload.ensure(queue, bytes, stagedBytes);
        if (count > 0) {
            ByteBuffer list = region(upload.map, stagedBytes);
            inParts(3 * count, (lo, hi) -> region(list, 4L * lo).asIntBuffer().put(spec, lo, hi - lo));
        }
        staging.ensure(bytes);
        clEnqueueWriteBuffer(queue, staging.mem, CL_TRUE, 0, bytes, Pointer.to(upload.map), 0, null, null);
        for (int b = 0; b < blocks; b++) {
            int n = blockSamples[b];
            clSetKernelArg(scatter, 0, Sizeof.cl_mem, Pointer.to(values));
            clSetKernelArg(scatter, 1, Sizeof.cl_mem, Pointer.to(times));
            clSetKernelArg(scatter, 2, Sizeof.cl_mem, Pointer.to(staging.mem));
            clSetKernelArg(scatter, 3, Sizeof.cl_long, Pointer.to(new long[] {blockOffset[b] / Double.BYTES}));
            clSetKernelArg(scatter, 4, Sizeof.cl_int, Pointer.to(new int[] {n}));
            clSetKernelArg(scatter, 5, Sizeof.cl_int, Pointer.to(new int[] {capShift}));
            long global = (n + workGroup - 1L) / workGroup * workGroup;
            clEnqueueNDRangeKernel(queue, scatter, 1, null, new long[] {global}, new long[] {workGroup}, 0, null,
                    null);
        }
        int specOffset = (int) (stagedBytes / Integer.BYTES);
        staged = 0;
        stagedBytes = 0;
        blocks = 0;
        return specOffset;
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

    /** Releases every handle this object created; also what a failed constructor calls, so each may be null. */
    @Override
    public void close() {
        if (queue != null) {
            clFinish(queue);
        }
        upload.release(queue);
        download.release(queue);
        staging.release();
        results.release();
        if (values != null) {
            clReleaseMemObject(values);
            clReleaseMemObject(times);
        }
        for (cl_kernel kernel : new cl_kernel[] {scatter, moments, quantiles, quantilesLocal}) {
            if (kernel != null) {
                clReleaseKernel(kernel);
            }
        }
        if (program != null) {
            clReleaseProgram(program);
        }
        if (queue != null) {
            clReleaseCommandQueue(queue);
        }
        if (context != null) {
            clReleaseContext(context);
        }
    }

    private cl_mem allocate(long flags, long bytes) {
        return Buffers.allocate(context, device, flags, bytes);
    }

    /**
     * What the build made, for tuning: its options, each statistics kernel's largest work-group, private
     * (spilled) and local bytes as the driver reports them, and the compiler's log (NVIDIA's
     * {@code -cl-nv-verbose} puts registers and spills there).
     */
    public String buildReport() {
        return WindowProgram.report(device, program, buildOptions, moments, quantiles, quantilesLocal);
    }
}
