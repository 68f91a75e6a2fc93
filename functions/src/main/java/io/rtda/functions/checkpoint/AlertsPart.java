package io.rtda.functions.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.rules.RuleEngine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Alert state: every stream's trackers ({@link RuleEngine#save()}), as one length-prefixed JSON document
 * (small next to the windows; JSON keeps it readable when debugging a restore).
 */
public final class AlertsPart implements CheckpointPart {
    /** Skips fields a later version adds, so going back a version keeps reading its checkpoints. */
    private static final ObjectMapper JSON = new ObjectMapper().configure(
            com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final RuleEngine engine;
    private final LongSupplier mark;
    private final LongConsumer committed;
    private long markAtWrite = -1;
    private int streams;

    public AlertsPart(RuleEngine engine) {
        this(engine, () -> -1, m -> { });
    }

    /**
     * @param mark      where the alert journal ends, taken just before the state is saved
     * @param committed told that mark once the checkpoint is committed: the journal drops what precedes it
     */
    public AlertsPart(RuleEngine engine, LongSupplier mark, LongConsumer committed) {
        this.engine = engine;
        this.mark = mark;
        this.committed = committed;
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
        markAtWrite = mark.getAsLong(); // before the save: what follows may be in both, and replay skips it
        List<RuleEngine.SavedStream> saved = engine.save();
        byte[] json = JSON.writeValueAsBytes(saved);
        out.writeInt(json.length);
        out.write(json);
        streams = saved.size();
    }

    @Override
    public void committed() {
        if (markAtWrite >= 0) {
            committed.accept(markAtWrite);
        }
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
