package io.rtda.functions.alert;

/**
 * Receives alert transitions in process: the embedding API (the original design's {@code callback(metrics)}).
 * Called once per transition, in order per alert, on the thread that evaluated the rule (an ingest thread or
 * the absence ticker) while that stream's evaluation lock is held: return quickly and hand slow work to your own
 * executor. An exception thrown here is
 * logged and does not stop other listeners or the evaluation.
 */
@FunctionalInterface
public interface AlertListener {
    void onTransition(AlertTransition transition);
}
