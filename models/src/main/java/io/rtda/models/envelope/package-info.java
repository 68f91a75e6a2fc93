/**
 * The envelope detector: a reading beyond the lowest or highest value of the stream's recent history (a
 * level the stream has not reached in the last weeks) is an anomaly however ordinary its shape. Block
 * minima and maxima keep the history in about one kilobyte per stream.
 */
package io.rtda.models.envelope;
