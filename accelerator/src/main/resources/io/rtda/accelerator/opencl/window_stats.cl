// RTDA window statistics on OpenCL devices. Built once per context by OpenClWindows.
//
// Layout (mirrors the CPU's columnar windows): stream slot s owns the ring values[s << capShift ...] of
// capacity 1 << capShift, and the same region of times (epoch ms). A window is described by its slot, the
// physical index of its oldest sample and its length.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
// Java does not fuse a * b + c; neither may we, so interpolated quantiles match the CPU bit for bit.
#pragma OPENCL FP_CONTRACT OFF

// Samples each work-item keeps in registers: windows up to lanes * PER samples are read from global memory
// once; longer ones are read again for every selection pass (OpenClWindows passes the same value).
#ifndef PER
#define PER 16
#endif
// Order statistics one selection finds at most: two per quantile (type 7 reads floor(h) and the next).
#define NR 8
// Bytes reserved for one window's select_t in local memory (checked below; OpenClWindows uses the same).
#define SEL_BYTES 768

// Places one append block of n samples. The block is four arrays back to back: n values, n event times, n
// stream slots, n ring indexes (the host copies each in bulk). The batch's upload holds its blocks and,
// after them, the window list the statistics kernel reads.
__kernel void scatter(__global double* values, __global long* times, __global const double* staging,
                      const long block, const int n, const int capShift) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    __global const double* v = staging + block;
    __global const long* t = (__global const long*) (v + n);
    __global const int* slot = (__global const int*) (t + n);
    __global const int* index = slot + n;
    long where = ((long) slot[i] << capShift) | index[i];
    values[where] = v[i];
    times[where] = t[i];
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

// One window's exact selection: the order statistics rank[r] of its keys. Each rank keeps the key interval
// [lo, hi] known to hold it and the count of keys below lo. A pass histograms the interval shared by the
// first unresolved ranks into power-of-two-wide bins; a rank whose bin holds few keys is finished by
// gathering that bin to local memory and counting, the others narrow to their bin and go again.
typedef struct {
    ulong lo[NR];
    ulong hi[NR];
    ulong key[NR];
    int rank[NR];
    int below[NR];
    int rbin[NR];   // this pass: the bin holding the rank
    int rpre[NR];   // this pass: keys of the interval in bins before it
    int rseg[NR];   // gathered ranks: their candidate segment
    int rneed[NR];  // gathered ranks: the rank inside that segment
    int dbin[NR];   // candidate segments: bin, offset, size, fill
    int doff[NR];
    int dcount[NR];
    uint dfill[NR];
    ulong alo;      // this pass: interval, bin shift, ranks histogrammed, ranks gathered
    ulong ahi;
    int shift;
    int active;
    int gathered;
    int ndist;
    int used;
    int done;
    double vmin;    // the window's smallest and largest value, from the moments
    double vmax;
    double center;
} select_t;

typedef char select_fits[sizeof(select_t) <= SEL_BYTES ? 1 : -1];

// Chooses the pass's interval: the first unresolved rank's, shared by every rank with the same interval.
// Ranks whose interval is a single key are resolved on the way.
static void plan(__local select_t* s, int log2Bins) {
    s->active = 0;
    for (int r = 0; r < NR; r++) {
        if ((s->done >> r) & 1) {
            continue;
        }
        if (s->lo[r] == s->hi[r]) {
            s->key[r] = s->lo[r];
            s->done |= 1 << r;
        } else if (s->active == 0) {
            s->active = 1 << r;
            s->alo = s->lo[r];
            s->ahi = s->hi[r];
        } else if (s->lo[r] == s->alo && s->hi[r] == s->ahi) {
            s->active |= 1 << r;
        }
    }
    if (s->active != 0) {
        int bits = 64 - (int) clz(s->ahi - s->alo);
        s->shift = max(0, bits - log2Bins);
    }
}

// After a pass's histogram: each active rank is resolved (single-key bins), queued for gathering (its bin
// fits the candidate buffer), or narrowed to its bin.
static void decide(__local select_t* s, __local const uint* hist, int cap, int room) {
    s->ndist = 0;
    s->gathered = 0;
    s->used = 0;
    for (int r = 0; r < NR; r++) {
        if (((s->active >> r) & 1) == 0) {
            continue;
        }
        int b = s->rbin[r];
        uint c = hist[b];
        ulong blo = s->alo + ((ulong) b << s->shift);
        if (s->shift == 0) {
            s->key[r] = blo;
            s->done |= 1 << r;
            continue;
        }
        int d = -1;
        for (int e = 0; e < s->ndist; e++) {
            if (s->dbin[e] == b) {
                d = e;
            }
        }
        if (d < 0 && c <= (uint) cap && s->used + (int) c <= room) {
            d = s->ndist++;
            s->dbin[d] = b;
            s->doff[d] = s->used;
            s->dcount[d] = (int) c;
            s->dfill[d] = 0;
            s->used += (int) c;
        }
        if (d >= 0) {
            s->gathered |= 1 << r;
            s->rseg[r] = d;
            s->rneed[r] = s->rank[r] - s->below[r] - s->rpre[r];
        } else {
            ulong span = (1UL << s->shift) - 1;
            s->lo[r] = blo;
            s->hi[r] = s->ahi - blo > span ? blo + span : s->ahi;
            s->below[r] += s->rpre[r];
        }
    }
}

// The key a selection phase ranks: the value itself (quantiles) or its distance to the median (MAD).
#define KEY(x) (phase == 0 ? order_key(x) : order_key(fabs((x) - center)))

// Runs BODY with double x bound to each of this work-item's samples: from registers or from the window's
// copy in local memory when the kernel keeps it there, else from global memory.
#define EACH_SAMPLE(BODY)                                                  \
    if (inRegs) {                                                          \
        _Pragma("unroll")                                                  \
        for (int j = 0; j < PER; j++) {                                    \
            if (lane + j * lanes < len) {                                  \
                double x = xs[j];                                          \
                BODY                                                       \
            }                                                              \
        }                                                                  \
    } else if (inLocal) {                                                  \
        for (int i = lane; i < len; i += lanes) {                          \
            double x = xl[i];                                              \
            BODY                                                           \
        }                                                                  \
    } else {                                                               \
        for (int i = lane; i < len; i += lanes) {                          \
            double x = values[sample_at(win, i)];                          \
            BODY                                                           \
        }                                                                  \
    }

// One selection phase of window_quantiles for this work-item's window: phase 0 finds the quantiles' order
// statistics, phase 1 those of the distances to the median (MAD). Every work-item of the group calls it.
__attribute__((always_inline))
static void select_phase(const int phase, __global const double* values, window_t win, const double* xs,
                         bool inRegs, __local const double* xl, bool inLocal, bool valid, int lane, int lanes,
                         int binShift, int w, double center,
                         __local select_t* s, __local ulong* cand, __local uint* hist, __local uint* sums,
                         __global double* out, int quantileOffset) {
    int len = win.len;
    int perLane = 1 << binShift;
    int bins = lanes << binShift;
    int log2Bins = 31 - (int) clz((uint) bins);
    int cap = max(32, lanes / 2);
    int room = 4 * cap;
    const double probs[4] = {0.5, 0.9, 0.95, 0.99};
    if (lane == 0 && valid) {
        ulong lo;
        ulong hi;
        if (phase == 0) {
            // -0.0 and 0.0 compare equal, so min/max may report either: widen to both keys.
            lo = s->vmin == 0 ? order_key(-0.0) : order_key(s->vmin);
            hi = s->vmax == 0 ? order_key(0.0) : order_key(s->vmax);
        } else {
            // Distances grow away from the median: the largest is at min or max, the smallest at the two
            // order statistics the median lies between (when it does; else 0 bounds them).
            double a = from_order_key(s->key[0]);
            double b = from_order_key(s->key[1]);
            hi = order_key(fmax(fabs(s->vmax - center), fabs(s->vmin - center)));
            lo = center >= a && center <= b ? order_key(fmin(fabs(a - center), fabs(b - center)))
                                            : order_key(0.0);
        }
        int mid = (int) floor((len - 1) * 0.5);
        for (int r = 0; r < NR; r++) {
            int lowRank = phase == 0 ? (int) floor((len - 1) * probs[r >> 1]) : mid;
            s->rank[r] = (r & 1) == 0 ? lowRank : min(lowRank + 1, len - 1);
            s->lo[r] = lo;
            s->hi[r] = hi;
            s->below[r] = 0;
        }
        s->done = phase == 0 ? 0 : ~3;
        plan(s, log2Bins);
    }
    for (int b = lane; b < bins; b += lanes) {
        hist[b] = 0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    // Each pass ends with the next pass planned (by lane 0, while the others count candidates) and the bins
    // cleared (once the ranks' bins are read), so a pass begins without a barrier of its own.
    while (true) {
        // One window per work-group: valid and s->active are the same for every work-item, so all leave together.
        int act = valid ? s->active : 0;
        if (act == 0) {
            break;
        }
        ulong alo = s->alo;
        ulong ahi = s->ahi;
        int shift = s->shift;
        {
            EACH_SAMPLE(
                ulong key = KEY(x);
                if (key >= alo && key <= ahi) {
                    atomic_inc(&hist[(int) ((key - alo) >> shift)]);
                })
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        // Inclusive prefix sum of the lanes' bin counts, ping-ponging between two buffers: one barrier a step.
        __local uint* from = sums;
        __local uint* to = sums + lanes;
        uint own = 0;
        for (int q = 0; q < perLane; q++) {
            own += hist[(lane << binShift) + q];
        }
        from[lane] = own;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int off = 1; off < lanes; off <<= 1) {
            to[lane] = lane >= off ? from[lane] + from[lane - off] : from[lane];
            barrier(CLK_LOCAL_MEM_FENCE);
            __local uint* swap = from;
            from = to;
            to = swap;
        }
        uint incl = from[lane];
        uint excl = incl - own;
        for (int r = 0; r < NR; r++) {
            if ((act >> r) & 1) {
                uint target = (uint) (s->rank[r] - s->below[r]);
                if (target >= excl && target < incl) {
                    uint acc = excl;
                    for (int q = 0; q < perLane; q++) {
                        uint c = hist[(lane << binShift) + q];
                        if (target < acc + c) {
                            s->rbin[r] = (lane << binShift) + q;
                            s->rpre[r] = (int) acc;
                            break;
                        }
                        acc += c;
                    }
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lane == 0 && act != 0) {
            decide(s, hist, cap, room);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        int ndist = s->ndist;
        // Nothing reads the bins again this pass (decide has run): clear them for the next one.
        for (int b = lane; b < bins; b += lanes) {
            hist[b] = 0;
        }
        if (ndist > 0) {
            EACH_SAMPLE(
                ulong key = KEY(x);
                if (key >= alo && key <= ahi) {
                    int b = (int) ((key - alo) >> shift);
                    for (int d = 0; d < ndist; d++) {
                        if (s->dbin[d] == b) {
                            cand[s->doff[d] + (int) atomic_inc(&s->dfill[d])] = key;
                        }
                    }
                })
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (ndist > 0) {
            int gathered = s->gathered;
            for (int i = lane; i < s->used; i += lanes) {
                int d = 0;
                while (i >= s->doff[d] + s->dcount[d]) {
                    d++;
                }
                ulong c = cand[i];
                int less = 0;
                int equal = 0;
                for (int j = s->doff[d]; j < s->doff[d] + s->dcount[d]; j++) {
                    less += cand[j] < c;
                    equal += cand[j] == c;
                }
                for (int r = 0; r < NR; r++) {
                    if (((gathered >> r) & 1) && s->rseg[r] == d && s->rneed[r] >= less
                            && s->rneed[r] < less + equal) {
                        s->key[r] = c;
                    }
                }
            }
        }
        // Lane 0 plans the next pass: it touches no state the counting reads, and skips the gathered ranks
        // (now done), whose keys the counting writes.
        if (lane == 0) {
            s->done |= s->gathered;
            plan(s, log2Bins);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lane == 0 && valid) {
        __global double* o = out + quantileOffset + 5 * (size_t) w;
        if (phase == 0) {
            for (int q = 0; q < 4; q++) {
                o[q] = type7_pair(from_order_key(s->key[2 * q]), from_order_key(s->key[2 * q + 1]), len, probs[q]);
            }
            s->center = o[0];
        } else {
            o[4] = type7_pair(from_order_key(s->key[0]), from_order_key(s->key[1]), len, 0.5);
        }
    }
}

// Shifted sums of one window, accumulated per work-item and reduced over the work-group.
typedef struct {
    double k;       // the newest value and time: the shifts
    long t0;
    double s1, s2, mn, mx, st, stt, stx;
} sums_t;

static sums_t sums_start(__global const double* values, __global const long* times, window_t win, bool valid) {
    sums_t a = {0, 0, 0, 0, INFINITY, -INFINITY, 0, 0, 0};
    if (valid) {
        long last = sample_at(win, win.len - 1);
        a.k = values[last];
        a.t0 = times[last];
    }
    return a;
}

static void sums_add(sums_t* a, double raw, long time) {
    double x = raw - a->k;
    double t = (double) (time - a->t0);
    a->s1 += x;
    a->s2 += x * x;
    a->mn = fmin(a->mn, raw);
    a->mx = fmax(a->mx, raw);
    a->st += t;
    a->stt += t * t;
    a->stx += t * x;
}

// Adds samples lane, lane + lanes, ... of the window to a, four loads in flight per work-item so long windows
// stream at memory speed; when keep is set, each value is also stored at copy[i].
__attribute__((always_inline))
static void sums_read(sums_t* a, __global const double* values, __global const long* times, window_t win,
                      int lane, int lanes, bool keep, __local double* copy) {
    int len = win.len;
    int i = lane;
    for (; i + 3 * lanes < len; i += 4 * lanes) {
        long p0 = sample_at(win, i);
        long p1 = sample_at(win, i + lanes);
        long p2 = sample_at(win, i + 2 * lanes);
        long p3 = sample_at(win, i + 3 * lanes);
        double v0 = values[p0], v1 = values[p1], v2 = values[p2], v3 = values[p3];
        long t0 = times[p0], t1 = times[p1], t2 = times[p2], t3 = times[p3];
        if (keep) {
            copy[i] = v0;
            copy[i + lanes] = v1;
            copy[i + 2 * lanes] = v2;
            copy[i + 3 * lanes] = v3;
        }
        sums_add(a, v0, t0);
        sums_add(a, v1, t1);
        sums_add(a, v2, t2);
        sums_add(a, v3, t3);
    }
    for (; i < len; i += lanes) {
        long p = sample_at(win, i);
        double v = values[p];
        if (keep) {
            copy[i] = v;
        }
        sums_add(a, v, times[p]);
    }
}

// Reduces the partial sums of each segment of seg work-items (one window each) in local memory (7 doubles per
// work-item) and writes out[8w ..] = n, s1, s2, min, max, st, stt, stx. Every work-item calls it.
static void sums_write(sums_t a, int len, int w, bool valid, int seg, __local double* red, __global double* out) {
    int lid = get_local_id(0);
    int lsz = get_local_size(0);
    int lane = lid & (seg - 1);
    __local double* r1 = red;
    __local double* r2 = red + lsz;
    __local double* rmn = red + 2 * lsz;
    __local double* rmx = red + 3 * lsz;
    __local double* rt = red + 4 * lsz;
    __local double* rtt = red + 5 * lsz;
    __local double* rtx = red + 6 * lsz;
    r1[lid] = a.s1; r2[lid] = a.s2; rmn[lid] = a.mn; rmx[lid] = a.mx; rt[lid] = a.st; rtt[lid] = a.stt;
    rtx[lid] = a.stx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = seg >> 1; span > 0; span >>= 1) {
        if (lane < span) {
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
    if (lane == 0 && valid) {
        __global double* o = out + 8 * (size_t) w;
        o[0] = (double) len; o[1] = r1[lid]; o[2] = r2[lid]; o[3] = rmn[lid]; o[4] = rmx[lid];
        o[5] = rt[lid]; o[6] = rtt[lid]; o[7] = rtx[lid];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Moments of a window list, seg work-items per window (the host sizes seg to the longest window, 1 to the
// work-group) and as many windows per work-group as fit, so short windows still fill the device: shifted
// sums for mean, variance and least-squares slope, plus min and max; out[8w ..] = n, s1, s2, min, max, st,
// stt, stx (values shifted by the newest value, times by the newest time, as the CPU kernels do).
// windows[specOffset + 3w ..] = slot, ring index of the oldest sample, length. Four samples per work-item
// are in flight at once, so long windows stream at memory speed.
__kernel void window_moments(__global const double* values, __global const long* times,
                             __global const int* windows, const int specOffset, const int count,
                             const int capShift, const int seg, __global double* out, __local double* red) {
    windows += specOffset;
    int lid = get_local_id(0);
    int lane = lid & (seg - 1);
    int lanes = seg;
    int w = get_group_id(0) * (get_local_size(0) / seg) + lid / seg;
    bool valid = w < count;
    window_t win = {0, 0, 0, 0};
    if (valid) {
        win = window_at(windows, w, capShift);
    }
    int len = win.len;
    sums_t a = sums_start(values, times, win, valid);
    sums_read(&a, values, times, win, lane, lanes, false, red);
    sums_write(a, len, w, valid, seg, red, out);
}

// Moments (as window_moments), exact p50, p90, p95, p99 (type 7) and the median absolute deviation of a
// window list, reading each window once: out[quantileOffset + 5w ..] gets the four quantiles and the MAD, by
// histogram selection over order-preserving keys, first of the values, then of their distances to the
// median. Windows up to onChip samples are read from global memory once and kept on the chip: in registers
// (PER per work-item) when inLocalMemory is 0, in local memory behind the selection's buffers when it is 1 (a loop
// instead of unrolled register slots: far less code, and no registers held for the samples). Longer windows
// are read again for every selection pass.
__attribute__((always_inline))
static void quantiles_body(const int inLocalMemory, __global const double* values, __global const long* times,
                           __global const int* windows, const int specOffset, const int count,
                           const int capShift, const int onChip, const int binShift,
                           __global double* out, const int quantileOffset, __local ulong* scratch) {
    windows += specOffset;
    int lid = get_local_id(0);
    int lanes = get_local_size(0);
    int lane = lid;
    int w = get_group_id(0);
    bool valid = w < count;
    window_t win = {0, 0, 0, 0};
    if (valid) {
        win = window_at(windows, w, capShift);
    }
    int len = win.len;
    bool inRegs = !inLocalMemory && len <= onChip;
    bool inLocal = inLocalMemory && len <= onChip;
    // Local memory: 8 bytes of padding, then the window's select_t, candidate keys, histogram bins (lanes <<
    // binShift: windows read from global memory get more, so fewer passes re-read them) and two buffers of
    // per-lane bin sums; the moments' reduction overlaps them. The window's copy, if kept here, follows
    // both. Sizes follow from lanes and binShift, as OpenClWindows computes them.
    int bins = lanes << binShift;
    int room = 4 * max(32, lanes / 2);
    int front = max(7 * lanes * 8, 8 + SEL_BYTES + 8 * room + 4 * bins + 8 * lanes);
    __local double* xl = (__local double*) ((__local char*) scratch + front);
    double xs[PER];
    sums_t a = sums_start(values, times, win, valid);
    if (inRegs) {
        #pragma unroll
        for (int j = 0; j < PER; j++) {
            int i = lane + j * lanes;
            if (i < len) {
                long p = sample_at(win, i);
                xs[j] = values[p];
                sums_add(&a, xs[j], times[p]);
            }
        }
    } else {
        sums_read(&a, values, times, win, lane, lanes, inLocal, xl);
    }
    sums_write(a, len, w, valid, lanes, (__local double*) scratch, out);
    __local char* mine = (__local char*) scratch + 8;
    __local select_t* s = (__local select_t*) mine;
    __local ulong* cand = (__local ulong*) (mine + SEL_BYTES);
    __local uint* hist = (__local uint*) (mine + SEL_BYTES + 8 * room);
    __local uint* sums = hist + bins;
    if (lane == 0 && valid) {
        s->vmin = out[8 * (size_t) w + 3];
        s->vmax = out[8 * (size_t) w + 4];
    }
    select_phase(0, values, win, xs, inRegs, xl, inLocal, valid, lane, lanes, binShift, w, 0.0, s, cand, hist,
                 sums, out, quantileOffset);
    barrier(CLK_LOCAL_MEM_FENCE);
    double center = valid ? s->center : 0;
    select_phase(1, values, win, xs, inRegs, xl, inLocal, valid, lane, lanes, binShift, w, center, s, cand, hist,
                 sums, out, quantileOffset);
}

// The statistics with each on-chip window in registers (see quantiles_body).
__kernel void window_quantiles(__global const double* values, __global const long* times,
                               __global const int* windows, const int specOffset, const int count,
                               const int capShift, const int onChip, const int binShift,
                               __global double* out, const int quantileOffset, __local ulong* scratch) {
    quantiles_body(0, values, times, windows, specOffset, count, capShift, onChip, binShift, out, quantileOffset,
                   scratch);
}

// The statistics with each on-chip window in local memory (see quantiles_body).
__kernel void window_quantiles_local(__global const double* values, __global const long* times,
                                     __global const int* windows, const int specOffset, const int count,
                                     const int capShift, const int onChip, const int binShift,
                                     __global double* out, const int quantileOffset, __local ulong* scratch) {
    quantiles_body(1, values, times, windows, specOffset, count, capShift, onChip, binShift, out, quantileOffset,
                   scratch);
}
