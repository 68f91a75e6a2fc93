/**
 * Random Cut Forest (Amazon's {@code randomcutforest-parkservices}, the thresholded variant): one forest per
 * stream over a shingle of its recent values; the forest's displacement score is calibrated per stream,
 * the forest's expected value and per-step attribution explain the result.
 */
package io.rtda.models.rcf;
