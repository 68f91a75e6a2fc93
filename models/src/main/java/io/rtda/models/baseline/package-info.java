/**
 * The cheap default detector: a robust z-score of each new value against the window's median and
 * median absolute deviation. No training, no state, robust to the outliers it is looking for.
 */
package io.rtda.models.baseline;
