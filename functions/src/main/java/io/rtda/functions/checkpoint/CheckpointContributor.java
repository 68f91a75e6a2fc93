package io.rtda.functions.checkpoint;

import java.util.List;

/** An owner of state that goes into every checkpoint (a CDI bean; the scheduler collects them all). */
public interface CheckpointContributor {
    /** Parts ready to write the owner's state now. */
    List<CheckpointPart> checkpointParts();
}
