/**
 * Per-stream sliding windows. Each stream owns one ring buffer region of event times and values, kept
 * sorted by event time, from which two windows are read: the count window (the newest N samples) and the
 * time window (samples with event time in {@code (newest - span, newest]}). Out-of-order samples within
 * the late tolerance are placed by event time; older ones are refused as late; exact duplicates are kept
 * once. The columnar layout (primitive arrays, ring head and size) is what the GPU tier mirrors.
 */
package io.rtda.accelerator.window;
