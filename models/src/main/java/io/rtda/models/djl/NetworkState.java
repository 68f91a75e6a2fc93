package io.rtda.models.djl;

/**
 * An autoencoder's weights and optimizer state.
 *
 * @param params weights and biases per layer, weights row-major {@code in × out}
 * @param adamM  Adam first moments, shaped like {@code params}
 * @param adamV  Adam second moments, shaped like {@code params}
 * @param steps  Adam steps taken
 */
public record NetworkState(float[][] params, float[][] adamM, float[][] adamV, long steps) {
}
