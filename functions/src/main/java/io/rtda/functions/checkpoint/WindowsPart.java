package io.rtda.functions.checkpoint;

import io.rtda.accelerator.ingest.WindowEngine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Every stream's retained samples, tags and reading count. Per stream: a {@code true} marker, id, tags,
 * readings, sample count, then (event time, value) pairs oldest first; a {@code false} marker ends the list.
 */
public final class WindowsPart implements CheckpointPart {
    private final WindowEngine<?> engine;
    private int streams;
    private long samples;

    public WindowsPart(WindowEngine<?> engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "windows";
    }

    /** Streams written or read by the last call. */
    public int streams() {
        return streams;
    }

    /** Samples written or read by the last call. */
    public long samples() {
        return samples;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        long[] total = new long[1];
        try {
            streams = engine.exportStreams((id, tags, readings, times, values, count) -> {
                try {
                    out.writeBoolean(true);
                    out.writeUTF(id);
                    out.writeInt(tags.size());
                    for (Map.Entry<String, String> tag : tags.entrySet()) {
                        out.writeUTF(tag.getKey());
                        out.writeUTF(tag.getValue());
                    }
                    out.writeLong(readings);
                    out.writeInt(count);
                    for (int i = 0; i < count; i++) {
                        out.writeLong(times[i]);
                        out.writeDouble(values[i]);
                    }
                    total[0] += count;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.writeBoolean(false);
        samples = total[0];
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        streams = 0;
        samples = 0;
        long[] times = new long[16];
        double[] values = new double[16];
        while (in.readBoolean()) {
            String id = in.readUTF();
            int tagCount = in.readInt();
            Map<String, String> tags = new HashMap<>();
            for (int t = 0; t < tagCount; t++) {
                tags.put(in.readUTF(), in.readUTF());
            }
            long readings = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > engine.config().maxSamples()) {
                throw new IOException("stream " + id + " has " + count + " samples, more than rtda.window.max-samples ("
                        + engine.config().maxSamples() + ")");
            }
            if (times.length < count) {
                times = new long[count];
                values = new double[count];
            }
            for (int i = 0; i < count; i++) {
                times[i] = in.readLong();
                values[i] = in.readDouble();
            }
            engine.restoreStream(id, tags, readings, times, values, count);
            streams++;
            samples += count;
        }
    }
}
