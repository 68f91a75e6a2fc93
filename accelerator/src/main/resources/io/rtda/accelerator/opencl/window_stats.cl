// RTDA window statistics on OpenCL devices. Built once per context by OpenClWindows.
//
// Layout (mirrors the CPU's columnar windows): stream slot s owns the ring values[s << capShift ...] of
// capacity 1 << capShift, and the same region of times (epoch ms). A window is described by its slot, the
// physical index of its oldest sample and its length.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
// Java does not fuse a * b + c; neither may we, so interpolated quantiles match the CPU bit for bit.
#pragma OPENCL FP_CONTRACT OFF

// Places appended samples. The staging buffer holds n doubles (values), n longs (times) and n ints
// (slot << capShift | physical index, as a long) in that order: one transfer per batch.
__kernel void scatter(__global double* values, __global long* times, __global const uchar* staging,
                      const int n) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    __global const double* v = (__global const double*) staging;
    __global const long* t = (__global const long*) (staging + 8 * (size_t) n);
    __global const long* at = (__global const long*) (staging + 16 * (size_t) n);
    long where = at[i];
    values[where] = v[i];
    times[where] = t[i];
}

// One work-group per window: shifted sums for mean, variance and least-squares slope, plus min and max.
// out holds 8 doubles per window: n, s1, s2, min, max, st, stt, stx (values shifted by the newest value,
// times by the newest time, as the CPU kernels do).
__kernel void moments(__global const double* values, __global const long* times,
                      __global const int* windows, const int capShift, __global double* out,
                      __local double* red) {
    int w = get_group_id(0);
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    int slot = windows[3 * w];
    int start = windows[3 * w + 1];
    int len = windows[3 * w + 2];
    int mask = (1 << capShift) - 1;
    long base = (long) slot << capShift;
    long last = base + ((start + len - 1) & mask);
    double k = values[last];
    long t0 = times[last];
    double s1 = 0, s2 = 0, mn = INFINITY, mx = -INFINITY, st = 0, stt = 0, stx = 0;
    for (int i = lid; i < len; i += lsz) {
        long p = base + ((start + i) & mask);
        double raw = values[p];
        double x = raw - k;
        double t = (double) (times[p] - t0);
        s1 += x;
        s2 += x * x;
        mn = fmin(mn, raw);
        mx = fmax(mx, raw);
        st += t;
        stt += t * t;
        stx += t * x;
    }
    __local double* r1 = red;
    __local double* r2 = red + lsz;
    __local double* rmn = red + 2 * lsz;
    __local double* rmx = red + 3 * lsz;
    __local double* rt = red + 4 * lsz;
    __local double* rtt = red + 5 * lsz;
    __local double* rtx = red + 6 * lsz;
    r1[lid] = s1; r2[lid] = s2; rmn[lid] = mn; rmx[lid] = mx; rt[lid] = st; rtt[lid] = stt; rtx[lid] = stx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = lsz >> 1; span > 0; span >>= 1) {
        if (lid < span) {
            int o = lid + span;
            r1[lid] += r1[o];
            r2[lid] += r2[o];
            rmn[lid] = fmin(rmn[lid], rmn[o]);
            rmx[lid] = fmax(rmx[lid], rmx[o]);
            rt[lid] += rt[o];
            rtt[lid] += rtt[o];
            rtx[lid] += rtx[o];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        __global double* o = out + 8 * (size_t) w;
        o[0] = (double) len; o[1] = r1[0]; o[2] = r2[0]; o[3] = rmn[0]; o[4] = rmx[0];
        o[5] = rt[0]; o[6] = rtt[0]; o[7] = rtx[0];
    }
}

// Sorts buf[0, p) ascending (p a power of two) with a bitonic network in local memory.
static void bitonic_sort(__local double* buf, int p, int lid, int lsz) {
    for (int size = 2; size <= p; size <<= 1) {
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int i = lid; i < (p >> 1); i += lsz) {
                int lo = 2 * i - (i & (stride - 1));
                int hi = lo + stride;
                bool ascending = (lo & size) == 0;
                double a = buf[lo];
                double b = buf[hi];
                if ((a > b) == ascending) {
                    buf[lo] = b;
                    buf[hi] = a;
                }
            }
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Type-7 quantile of sorted a[0, n).
static double type7(__local const double* a, int n, double prob) {
    double h = (n - 1) * prob;
    int lo = (int) floor(h);
    int hi = min(lo + 1, n - 1);
    double frac = h - lo;
    double x = a[lo];
    if (frac == 0 || lo == hi) {
        return x;
    }
    double y = a[hi];
    double diff = y - x;
    if (isinf(diff)) {
        return x * (1 - frac) + y * frac;
    }
    return x + frac * diff;
}

// Exact quantiles (p50, p90, p95, p99) and the median absolute deviation of each window, one work-group
// per window, sorting a padded power-of-two copy (p >= len, padding +inf) in local memory twice.
__kernel void quantiles(__global const double* values, __global const int* windows, const int capShift,
                        const int p, __global double* out, __local double* buf) {
    int w = get_group_id(0);
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    int slot = windows[3 * w];
    int start = windows[3 * w + 1];
    int len = windows[3 * w + 2];
    int mask = (1 << capShift) - 1;
    long base = (long) slot << capShift;
    for (int i = lid; i < p; i += lsz) {
        buf[i] = i < len ? values[base + ((start + i) & mask)] : INFINITY;
    }
    bitonic_sort(buf, p, lid, lsz);
    __global double* o = out + 5 * (size_t) w;
    double median = type7(buf, len, 0.5);
    if (lid == 0) {
        o[0] = median;
        o[1] = type7(buf, len, 0.9);
        o[2] = type7(buf, len, 0.95);
        o[3] = type7(buf, len, 0.99);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = lid; i < len; i += lsz) {
        buf[i] = fabs(buf[i] - median);
    }
    bitonic_sort(buf, p, lid, lsz);
    if (lid == 0) {
        o[4] = type7(buf, len, 0.5);
    }
}
