package io.rtda.models.nab;

/**
 * A detector's NAB result under one profile.
 *
 * @param profile    the profile
 * @param threshold  the corpus-wide threshold that maximized the raw score (+infinity: detect nothing)
 * @param raw        the raw score at that threshold
 * @param normalized {@code 100 * (raw - null) / (perfect - null)}
 * @param detected   windows with a detection
 * @param windows    windows in the corpus
 * @param falsePositives detections outside every window, probation excluded
 */
public record NabResult(NabProfile profile, double threshold, double raw, double normalized, int detected,
        int windows, int falsePositives) {
}
