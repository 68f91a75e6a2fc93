package io.rtda.functions.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** One owner's share of a checkpoint, written and read back in the same order. */
public interface CheckpointPart {
    /** Stable name, stored in the file; a part is only handed back the data written under its name. */
    String name();

    void write(DataOutputStream out) throws IOException;

    void read(DataInputStream in) throws IOException;

    /** Called once the checkpoint this part was written into is committed (durable, the newest). */
    default void committed() {
    }
}
