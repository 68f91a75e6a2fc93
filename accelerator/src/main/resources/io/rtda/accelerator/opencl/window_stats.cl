// RTDA window statistics on OpenCL devices. Built once per context by OpenClWindows.
//
// Layout (mirrors the CPU's columnar windows): stream slot s owns the ring values[s << capShift ...] of
// capacity 1 << capShift, and the same region of times (epoch ms). A window is described by its slot, the
// physical index of its oldest sample and its length.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
// Java does not fuse a * b + c; neither may we, so interpolated quantiles match the CPU bit for bit.
#pragma OPENCL FP_CONTRACT OFF

// Places appended samples. The batch's one staging upload holds n records of three 64-bit words (value
// bits, event time, slot << capShift | ring index), followed by the window list the statistics kernels read.
__kernel void scatter(__global double* values, __global long* times, __global const ulong* staging,
                      const int n) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    __global const ulong* record = staging + 3 * (size_t) i;
    long where = (long) record[2];
    values[where] = as_double(record[0]);
    times[where] = (long) record[1];
}

// One entry of a window list: where the stream's ring starts in the matrix, the ring index of the window's
// oldest sample, its length, and the ring's index mask.
typedef struct {
    long base;
    int start;
    int len;
    int mask;
} window_t;

static window_t window_at(__global const int* windows, int w, int capShift) {
    window_t r;
    r.base = (long) windows[3 * w] << capShift;
    r.start = windows[3 * w + 1];
    r.len = windows[3 * w + 2];
    r.mask = (1 << capShift) - 1;
    return r;
}

// Matrix index of the window's i-th sample, 0 being the oldest.
static long sample_at(window_t win, int i) {
    return win.base + ((win.start + i) & win.mask);
}

// One work-group per window: shifted sums for mean, variance and least-squares slope, plus min and max.
// out holds 8 doubles per window: n, s1, s2, min, max, st, stt, stx (values shifted by the newest value,
// times by the newest time, as the CPU kernels do).
// windows[specOffset + 3w ..] = slot, ring index of the oldest sample, length; results at out[outOffset ..].
__kernel void moments(__global const double* values, __global const long* times,
                      __global const int* windows, const int specOffset, const int capShift,
                      __global double* out, const int outOffset, __local double* red) {
    windows += specOffset;
    out += outOffset;
    int w = get_group_id(0);
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    window_t win = window_at(windows, w, capShift);
    int len = win.len;
    long last = sample_at(win, len - 1);
    double k = values[last];
    long t0 = times[last];
    double s1 = 0, s2 = 0, mn = INFINITY, mx = -INFINITY, st = 0, stt = 0, stx = 0;
    for (int i = lid; i < len; i += lsz) {
        long p = sample_at(win, i);
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
__kernel void quantiles(__global const double* values, __global const int* windows, const int specOffset,
                        const int capShift, const int p, __global double* out, const int outOffset,
                        __local double* buf) {
    windows += specOffset;
    out += outOffset;
    int w = get_group_id(0);
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    window_t win = window_at(windows, w, capShift);
    int len = win.len;
    for (int i = lid; i < p; i += lsz) {
        buf[i] = i < len ? values[sample_at(win, i)] : INFINITY;
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

// ---- Exact quantiles beyond local memory: radix select on order-preserving 64-bit keys ----

// Maps a double to an unsigned key with the same order (negative values reversed, sign bit flipped).
static ulong order_key(double x) {
    ulong b = as_ulong(x);
    return (b & 0x8000000000000000UL) != 0 ? ~b : (b | 0x8000000000000000UL);
}

static double from_order_key(ulong k) {
    return as_double((k & 0x8000000000000000UL) != 0 ? (k ^ 0x8000000000000000UL) : ~k);
}

// Type-7 interpolation from the two order statistics it reads, as Quantiles.interpolate does on the host.
static double type7_pair(double x, double y, int n, double prob) {
    double h = (n - 1) * prob;
    int lo = (int) floor(h);
    int hi = min(lo + 1, n - 1);
    double frac = h - lo;
    if (frac == 0 || lo == hi) {
        return x;
    }
    double diff = y - x;
    if (isinf(diff)) {
        return x * (1 - frac) + y * frac;
    }
    return x + frac * diff;
}

#define MAX_RANKS 8

// Finds the order statistics ranks[0, count) of the window (or of |x - center| when absolute is set) by
// eight passes of 8-bit digits, most significant first, each pass one read of the window with one local
// histogram per rank. Results land in keys[] (local). All work-items call it.
static void radix_select(__global const double* values, window_t win, __local const int* ranks, int count,
                         int absolute, double center, __local ulong* keys, __local int* remaining, __local uint* hist) {
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    if (lid < count) {
        keys[lid] = 0;
        remaining[lid] = ranks[lid];
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
        for (int i = lid; i < MAX_RANKS * 256; i += lsz) {
            hist[i] = 0;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int i = lid; i < win.len; i += lsz) {
            double x = values[sample_at(win, i)];
            ulong k = order_key(absolute ? fabs(x - center) : x);
            uint digit = (uint) ((k >> shift) & 0xFF);
            for (int r = 0; r < count; r++) {
                bool match = shift == 56 || ((k ^ keys[r]) >> (shift + 8)) == 0;
                if (match) {
                    atomic_inc(&hist[r * 256 + digit]);
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < count) {
            int left = remaining[lid];
            uint bin = 0;
            for (; bin < 255; bin++) {
                int inBin = (int) hist[lid * 256 + bin];
                if (left < inBin) {
                    break;
                }
                left -= inBin;
            }
            remaining[lid] = left;
            keys[lid] |= ((ulong) bin) << shift;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

// Exact quantiles (p50, p90, p95, p99) of each window of any length, one work-group per window; mad_radix
// then adds the MAD in a separate launch (it needs the median these write; fused into one kernel with a
// barrier between the two selections, PoCL 3.1 returned NaN for every output).
__kernel void quantiles_radix(__global const double* values, __global const int* windows, const int specOffset,
                              const int capShift, __global double* out, const int outOffset,
                              __local uint* hist) {
    __local int ranks[MAX_RANKS];
    __local ulong keys[MAX_RANKS];
    __local int remaining[MAX_RANKS];
    windows += specOffset;
    out += outOffset;
    int w = get_group_id(0);
    int lid = get_local_id(0);
    window_t win = window_at(windows, w, capShift);
    int len = win.len;
    const double probs[4] = {0.5, 0.9, 0.95, 0.99};
    if (lid < 4) {
        int lo = (int) floor((len - 1) * probs[lid]);
        ranks[2 * lid] = lo;
        ranks[2 * lid + 1] = min(lo + 1, len - 1);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    radix_select(values, win, ranks, MAX_RANKS, 0, 0.0, keys, remaining, hist);
    if (lid < 4) {
        out[5 * (size_t) w + lid] = type7_pair(from_order_key(keys[2 * lid]), from_order_key(keys[2 * lid + 1]),
                                               len, probs[lid]);
    }
}

// The median absolute deviation of each window, around the median quantiles_radix left in out[5w].
__kernel void mad_radix(__global const double* values, __global const int* windows, const int specOffset,
                        const int capShift, __global double* out, const int outOffset, __local uint* hist) {
    __local int ranks[2];
    __local ulong keys[2];
    __local int remaining[2];
    windows += specOffset;
    out += outOffset;
    int w = get_group_id(0);
    int lid = get_local_id(0);
    window_t win = window_at(windows, w, capShift);
    int len = win.len;
    if (lid == 0) {
        int lo = (int) floor((len - 1) * 0.5);
        ranks[0] = lo;
        ranks[1] = min(lo + 1, len - 1);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    double median = out[5 * (size_t) w];
    radix_select(values, win, ranks, 2, 1, median, keys, remaining, hist);
    if (lid == 0) {
        out[5 * (size_t) w + 4] = type7_pair(from_order_key(keys[0]), from_order_key(keys[1]), len, 0.5);
    }
}
