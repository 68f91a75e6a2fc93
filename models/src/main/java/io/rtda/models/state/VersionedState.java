package io.rtda.models.state;

/** A detector state record: names the detector it belongs to and its format version. */
public interface VersionedState {
    String detector();

    int version();
}
