/**
 * Calibration: turning a detector's raw, unbounded anomaly measure (a reconstruction error, a forest's
 * displacement score) into a probability-like score in [0, 1] from that stream's own running distribution
 * of the measure, so one threshold means the same thing on every stream.
 */
package io.rtda.models.calibrate;
