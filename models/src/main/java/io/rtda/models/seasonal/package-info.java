/**
 * The seasonal-context detector: what a stream usually reads at this hour of the day and of the week, and
 * how surprising the newest value's deviation from both is. It sees the anomalies that shape detectors
 * miss because the shape is ordinary: a holiday that looks like a Sunday on a Thursday, a night-time load
 * at noon.
 */
package io.rtda.models.seasonal;
