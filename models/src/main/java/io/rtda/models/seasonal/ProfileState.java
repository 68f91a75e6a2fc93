package io.rtda.models.seasonal;

/**
 * What one {@link SeasonalProfile} holds.
 *
 * @param past      per slot, the held past cycles' means, oldest first
 * @param openCycle per slot, the cycle its open mean belongs to
 * @param openSum   per slot, the open mean's sum
 * @param openCount per slot, the open mean's reading count (0: none open)
 */
public record ProfileState(double[][] past, long[] openCycle, double[] openSum, int[] openCount) {
}
