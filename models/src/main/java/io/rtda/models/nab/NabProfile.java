package io.rtda.models.nab;

import java.util.List;

/**
 * One NAB scoring profile: the weight of a true positive, a missed window and a false positive.
 *
 * @param name profile name as printed
 * @param tp   weight of a window's earliest detection (on its first row)
 * @param fn   cost of a window without detection
 * @param fp   cost of a detection far from every window
 */
public record NabProfile(String name, double tp, double fn, double fp) {
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 1.0, 0.11);
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP", 1.0, 1.0, 0.22);
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN", 1.0, 2.0, 0.11);

    public NabProfile {
        if (!(tp > 0 && fn >= 0 && fp >= 0)) {
            throw new IllegalArgumentException("profile " + name + " needs tp > 0, fn >= 0, fp >= 0; was tp=" + tp
                    + " fn=" + fn + " fp=" + fp);
        }
    }

    /** The three published profiles, in NAB's order. */
    public static List<NabProfile> all() {
        return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
    }
}
