package io.rtda.models.calibrate;

/**
 * What a {@link ScoreCalibrator} learned, version {@value #VERSION}.
 *
 * @param version    format version
 * @param history    the held raw measures, oldest first
 * @param shortMeans the short means held with them
 * @param seen       measures learned in total
 * @param sum        running sum of the held measures
 * @param sumSquares running sum of their squares
 * @param meanSum    running sum of the short means
 * @param meanSumSquares running sum of their squares
 * @param peak       the repeat suppressor's remembered peak
 */
public record CalibratorState(int version, double[] history, double[] shortMeans, long seen, double sum,
        double sumSquares, double meanSum, double meanSumSquares, double peak) {
    public static final int VERSION = 1;

    void checkVersion() {
        if (version != VERSION) {
            throw new IllegalArgumentException("calibrator state version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
    }
}
