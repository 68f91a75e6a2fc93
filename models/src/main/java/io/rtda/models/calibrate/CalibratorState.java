package io.rtda.models.calibrate;

/**
 * What a {@link ScoreCalibrator} learned, version {@value #VERSION}.
 *
 * @param version    format version
 * @param history    the held raw measures, oldest first
 * @param seen       measures learned in total
 * @param sum        running sum of the held measures
 * @param sumSquares running sum of their squares
 */
public record CalibratorState(int version, double[] history, long seen, double sum, double sumSquares) {
    public static final int VERSION = 1;

    void checkVersion() {
        if (version != VERSION) {
            throw new IllegalArgumentException("calibrator state version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
    }
}
