package io.rtda.functions.checkpoint;

/** An owner of state that goes into every checkpoint (a CDI bean; the scheduler collects them all). */
public interface CheckpointContributor {
    /** A part ready to write the owner's state now. */
    CheckpointPart checkpointPart();
}
