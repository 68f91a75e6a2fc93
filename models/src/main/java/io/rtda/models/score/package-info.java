/**
 * The anomaly scoring SPI: a detector turns a stream's window and its statistics into an
 * {@link io.rtda.models.score.AnomalyScore} in [0, 1] with the expected range, the direction and a
 * confidence. Implementations: the robust baseline here ({@code baseline}); learned models extend it.
 */
package io.rtda.models.score;
