package io.rtda.functions.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.rules.RuleEngine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Alert state: every stream's trackers ({@link RuleEngine#save()}), as one length-prefixed JSON document
 * (small next to the windows; JSON keeps it readable when debugging a restore).
 */
public final class AlertsPart implements CheckpointPart {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RuleEngine engine;
    private int streams;

    public AlertsPart(RuleEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "alerts";
    }

    /** Streams written or read by the last call. */
    public int streams() {
        return streams;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        List<RuleEngine.SavedStream> saved = engine.save();
        byte[] json = JSON.writeValueAsBytes(saved);
        out.writeInt(json.length);
        out.write(json);
        streams = saved.size();
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        List<RuleEngine.SavedStream> saved = JSON.readValue(json, new TypeReference<List<RuleEngine.SavedStream>>() {
        });
        engine.restore(saved);
        streams = saved.size();
    }
}
