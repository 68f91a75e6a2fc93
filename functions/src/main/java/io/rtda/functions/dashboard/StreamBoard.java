package io.rtda.functions.dashboard;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.models.score.AnomalyScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The latest published frame of every followed stream, numbered by version.
 *
 * <p>Thread-safety: {@link #observe} is called by ingest threads and costs one map lookup and one short
 * per-stream lock, whatever the number of connected browsers; {@link #publish} by one publisher thread at a
 * time; {@link #since} and {@link #snapshot} by any number of connection threads, without blocking either.
 * A reader that saw version {@code v} and later asks for frames newer than {@code v} gets every stream that
 * changed in between exactly once, with its newest frame; when the reader skipped publishes (a slow browser),
 * that frame carries the highest-scoring point of the skipped ones as its peak, so a spike is not lost to a
 * slow connection (the last {@value #RECENT_PEAKS} publishes of each stream are remembered for this).
 */
public final class StreamBoard {
    /** Publishes per stream whose highest point a reader that skipped them still gets. */
    static final int RECENT_PEAKS = 64;
    private final int maxStreams;
    private final int sparkPoints;
    private final ConcurrentHashMap<String, Tracker> trackers = new ConcurrentHashMap<>();
    private final AtomicLong ignored = new AtomicLong();
    private volatile long version;

    /**
     * @param maxStreams  most streams followed; updates of further streams are ignored and counted
     * @param sparkPoints recent values kept per stream for sparklines
     */
    public StreamBoard(int maxStreams, int sparkPoints) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("rtda.dashboard.max-streams must be at least 1, was " + maxStreams);
        }
        if (sparkPoints < 2 || sparkPoints > 10_000) {
            throw new IllegalArgumentException("rtda.dashboard.sparkline-points must be between 2 and 10000, was "
                    + sparkPoints);
        }
        this.maxStreams = maxStreams;
        this.sparkPoints = sparkPoints;
    }

    /**
     * A frame read together with the version it was published in.
     *
     * @param version the board version that contains the frames
     * @param frames  the frames
     */
    public record Frames(long version, List<StreamFrame> frames) {
    }

    /** Records a stream's newest state (ingest path). */
    public void observe(StreamSnapshot<AnomalyScore> snapshot) {
        Tracker tracker = trackers.get(snapshot.stream());
        if (tracker == null) {
            if (trackers.size() >= maxStreams) {
                ignored.incrementAndGet();
                return;
            }
            tracker = trackers.computeIfAbsent(snapshot.stream(), s -> new Tracker(sparkPoints));
        }
        tracker.observe(snapshot);
    }

    /**
     * Publishes every stream observed since the previous call as a new version (the publisher thread).
     *
     * @return how many streams changed
     */
    public synchronized int publish() {
        long next = version + 1;
        int changed = 0;
        for (Tracker tracker : trackers.values()) {
            if (tracker.publish(next)) {
                changed++;
            }
        }
        if (changed > 0) {
            version = next;
        }
        return changed;
    }

    /** The current version; 0 before anything was published. */
    public long version() {
        return version;
    }

    /** Frames of the selected streams published after {@code after}, in no particular order. */
    public Frames since(long after, Predicate<String> selected) {
        long upTo = version;
        List<StreamFrame> frames = new ArrayList<>();
        trackers.forEach((stream, tracker) -> {
            Tracker.Published p = tracker.published;
            if (p != null && p.version > after && p.version <= upTo && selected.test(stream)) {
                frames.add(p.withHighestSince(after));
            }
        });
        return new Frames(upTo, frames);
    }

    /** Every selected stream's latest frame with its recent values, ordered by stream id. */
    public Frames snapshot(Predicate<String> selected) {
        long upTo = version;
        List<StreamFrame> frames = new ArrayList<>();
        trackers.forEach((stream, tracker) -> {
            Tracker.Published p = tracker.published;
            if (p != null && p.version <= upTo && selected.test(stream)) {
                frames.add(p.frame.withSpark(tracker.spark()));
            }
        });
        frames.sort(Comparator.comparing(StreamFrame::stream));
        return new Frames(upTo, frames);
    }

    /** Streams followed. */
    public int streams() {
        return trackers.size();
    }

    /** Updates ignored because {@code maxStreams} streams were already followed. */
    public long ignoredUpdates() {
        return ignored.get();
    }

    /** One stream's pending change and published frame. */
    private static final class Tracker {
        /**
         * A published frame with the highest point of each recent publish (version and point, newest last),
         * so a reader that skipped publishes gets the highest of those it missed.
         */
        private record Published(StreamFrame frame, StreamSnapshot<AnomalyScore> snapshot, long version,
                long[] highVersions, StreamFrame.Peak[] highs) {
            StreamFrame withHighestSince(long after) {
                StreamFrame.Peak best = null;
                for (int i = 0; i < highs.length; i++) {
                    StreamFrame.Peak h = highs[i];
                    if (highVersions[i] > after && h != null && h.outranks(best)) {
                        best = h;
                    }
                }
                boolean newest = best != null && best.t() == frame.t() && frame.last() != null
                        && Double.compare(best.value(), frame.last()) == 0;
                if (best == null || newest || frame.peak() != null && !best.outranks(frame.peak())) {
                    return frame;
                }
                return frame.withPeak(best);
            }
        }

        private volatile Published published;
        // guarded by this: the newest state observed (a concurrent batch's older snapshot may come after it, for
        // its peak only), whether anything was observed since the last publish, and the highest-scoring update
        // since then
        private StreamSnapshot<AnomalyScore> latest;
        private boolean changed;
        private StreamFrame.Peak peak;
        // guarded by values
        private final double[] values;
        private int next;
        private int filled;

        Tracker(int sparkPoints) {
            values = new double[sparkPoints];
        }

        synchronized void observe(StreamSnapshot<AnomalyScore> snapshot) {
            boolean newer = latest == null || snapshot.readings() >= latest.readings();
            if (newer) {
                latest = snapshot;
            }
            StreamFrame.Peak point = StreamFrame.Peak.of(snapshot);
            if (point != null && point.outranks(peak)) {
                peak = point;
            }
            changed |= newer || point != null && point == peak;
        }

        boolean publish(long version) {
            StreamSnapshot<AnomalyScore> snapshot;
            StreamFrame.Peak highest;
            synchronized (this) {
                if (!changed) {
                    return false;
                }
                snapshot = latest;
                highest = peak;
                changed = false;
                peak = null;
            }
            Published before = published;
            StreamFrame frame = StreamFrame.of(snapshot, highest);
            boolean again = before != null && before.snapshot() == snapshot; // republished for a late peak only
            if (frame.last() != null && !again) {
                synchronized (values) {
                    values[next] = frame.last();
                    next = (next + 1) % values.length;
                    filled = Math.min(filled + 1, values.length);
                }
            }
            int kept = before == null ? 0 : Math.min(before.highs().length, RECENT_PEAKS - 1);
            long[] versions = new long[kept + 1];
            StreamFrame.Peak[] highs = new StreamFrame.Peak[kept + 1];
            if (kept > 0) {
                System.arraycopy(before.highVersions(), before.highs().length - kept, versions, 0, kept);
                System.arraycopy(before.highs(), before.highs().length - kept, highs, 0, kept);
            }
            versions[kept] = version;
            highs[kept] = highest;
            published = new Published(frame, snapshot, version, versions, highs);
            return true;
        }

        double[] spark() {
            synchronized (values) {
                double[] out = new double[filled];
                int start = (next - filled + values.length) % values.length;
                for (int i = 0; i < filled; i++) {
                    out[i] = values[(start + i) % values.length];
                }
                return out;
            }
        }
    }
}
