package io.rtda.functions.checkpoint;

import io.rtda.models.score.StreamingDetectorAdapter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A learning detector's state: its own versioned checkpoint ({@code StreamingDetector#checkpoint}), then
 * how far each stream was fed, so nothing is learned twice after a restore.
 */
public final class ModelPart implements CheckpointPart {
    private final StreamingDetectorAdapter adapter;

    public ModelPart(StreamingDetectorAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public String name() {
        return "model:" + adapter.name();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        // Positions first: a stream fed after this line is learned again at most once more after a restore.
        Map<String, Long> positions = adapter.positions();
        byte[] state = adapter.detector().checkpoint();
        out.writeInt(positions.size());
        for (Map.Entry<String, Long> p : positions.entrySet()) {
            out.writeUTF(p.getKey());
            out.writeLong(p.getValue());
        }
        out.writeInt(state.length);
        out.write(state);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, Long> positions = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            positions.put(in.readUTF(), in.readLong());
        }
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        adapter.detector().restore(state);
        adapter.restorePositions(positions);
    }
}
