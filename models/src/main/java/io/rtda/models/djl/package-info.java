/**
 * The Deep Java Library online model: one small autoencoder (PyTorch engine, CPU natives from Maven,
 * loaded lazily and offline) per group of streams, over each stream's recent window normalized by that
 * stream's running mean and deviation. Each call scores every ready stream in one batched forward pass,
 * then trains one mini-batch Adam step on a replay buffer of recent windows: no offline training phase.
 * The reconstruction error is calibrated per stream into a score in [0, 1].
 */
package io.rtda.models.djl;
