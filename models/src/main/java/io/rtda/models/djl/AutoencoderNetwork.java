package io.rtda.models.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * A dense autoencoder {@code window → hidden → code → hidden → window} (tanh inside, linear output) whose
 * weights live in Java arrays, the authority for checkpoints; DJL does the batched arithmetic and the
 * gradients, a plain Adam step in Java updates the weights. Each call builds its arrays in a sub-manager
 * that is closed before it returns, so no native memory outlives a call. Not thread-safe.
 */
final class AutoencoderNetwork implements AutoCloseable {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final NDManager manager;
    private final int[] widths;
    private final float[][] params;
    private final float[][] adamM;
    private final float[][] adamV;
    private long steps;
    private final double learningRate;

    AutoencoderNetwork(Engine engine, int window, int hidden, int code, double learningRate, Rng rng) {
        this.manager = engine.newBaseManager();
        this.widths = new int[] {window, hidden, code, hidden, window};
        this.learningRate = learningRate;
        int layers = widths.length - 1;
        params = new float[2 * layers][];
        adamM = new float[2 * layers][];
        adamV = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            double limit = Math.sqrt(6.0 / (in + out));
            float[] w = new float[in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
            }
            params[2 * l] = w;
            params[2 * l + 1] = new float[out];
        }
        for (int p = 0; p < params.length; p++) {
            adamM[p] = new float[params[p].length];
            adamV[p] = new float[params[p].length];
        }
    }

    int window() {
        return widths[0];
    }

    /** Reconstructions of {@code rows} windows laid out row-major in {@code input}. */
    float[] reconstruct(float[] input, int rows) {
        try (NDManager m = manager.newSubManager()) {
            NDArray[] p = upload(m, false);
            return forward(m.create(input, new Shape(rows, window())), p).toFloatArray();
        }
    }

    /** One Adam step on the mean squared reconstruction error of {@code rows} windows; returns the loss. */
    double train(float[] input, int rows) {
        float[][] grads = new float[params.length][];
        double loss;
        try (NDManager m = manager.newSubManager()) {
            NDArray[] p = upload(m, true);
            NDArray x = m.create(input, new Shape(rows, window()));
            // PyTorch's engine allows one collecting GradientCollector per JVM, so two detectors' steps take turns
            synchronized (AutoencoderNetwork.class) {
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray l = forward(x, p).sub(x).square().mean();
                    collector.backward(l);
                    loss = l.getFloat();
                }
            }
            for (int i = 0; i < p.length; i++) {
                grads[i] = p[i].getGradient().toFloatArray();
            }
        }
        adam(grads);
        return loss;
    }

    private void adam(float[][] grads) {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            float[] mm = adamM[p];
            float[] vv = adamV[p];
            for (int i = 0; i < w.length; i++) {
                mm[i] = (float) (BETA1 * mm[i] + (1 - BETA1) * g[i]);
                vv[i] = (float) (BETA2 * vv[i] + (1 - BETA2) * g[i] * g[i]);
                w[i] -= (float) (learningRate * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + EPSILON));
            }
        }
    }

    private NDArray[] upload(NDManager m, boolean withGradients) {
        NDArray[] p = new NDArray[params.length];
        for (int l = 0; l < widths.length - 1; l++) {
            p[2 * l] = m.create(params[2 * l], new Shape(widths[l], widths[l + 1]));
            p[2 * l + 1] = m.create(params[2 * l + 1], new Shape(widths[l + 1]));
        }
        if (withGradients) {
            for (NDArray a : p) {
                a.setRequiresGradient(true);
            }
        }
        return p;
    }

    private NDArray forward(NDArray x, NDArray[] p) {
        NDArray h = x;
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(p[2 * l]).add(p[2 * l + 1]);
            if (l < layers - 1) {
                h = h.tanh();
            }
        }
        return h;
    }

    NetworkState toState() {
        return new NetworkState(copy(params), copy(adamM), copy(adamV), steps);
    }

    /** Checks the whole state before it changes anything, so a refused state leaves the network as it was. */
    void restore(NetworkState state) {
        if (state.params().length != params.length || state.adamM().length != params.length
                || state.adamV().length != params.length) {
            throw new IllegalArgumentException("network state has " + state.params().length + " tensors, this "
                    + "network " + params.length + ": the checkpoint was taken with another djl.window/hidden/code");
        }
        for (int p = 0; p < params.length; p++) {
            int n = params[p].length;
            if (state.params()[p].length != n || state.adamM()[p].length != n || state.adamV()[p].length != n) {
                throw new IllegalArgumentException("network tensor " + p + " has " + state.params()[p].length
                        + " weights, expected " + n + ": another djl.window/hidden/code");
            }
        }
        for (int p = 0; p < params.length; p++) {
            System.arraycopy(state.params()[p], 0, params[p], 0, params[p].length);
            System.arraycopy(state.adamM()[p], 0, adamM[p], 0, params[p].length);
            System.arraycopy(state.adamV()[p], 0, adamV[p], 0, params[p].length);
        }
        steps = state.steps();
    }

    private static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
