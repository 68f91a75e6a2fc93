package io.rtda.models.djl;

import ai.djl.engine.Engine;
import java.util.logging.Logger;

/**
 * Loads DJL's PyTorch engine once, lazily, offline ({@code ai.djl.offline=true} unless set) with one
 * PyTorch thread ({@code ai.djl.pytorch.num_threads=1} unless set), and records how long the load took.
 * Thread-safe.
 */
public final class DjlRuntime {
    private static final Logger LOG = Logger.getLogger(DjlRuntime.class.getName());
    private static volatile Engine engine;
    private static volatile long loadMillis = -1;

    private DjlRuntime() {
    }

    /** The PyTorch engine; the first call loads the natives (seconds on a fresh cache). */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (DjlRuntime.class) {
                if (engine == null) {
                    defaultProperty("ai.djl.offline", "true");
                    // The models are small: one intra-op thread per caller beats PyTorch's pool, which
                    // spins on a busy machine (24 ms against 1 ms per call measured on 2 shared cores).
                    defaultProperty("ai.djl.pytorch.num_threads", "1");
                    defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
                    long start = System.nanoTime();
                    try {
                        engine = Engine.getEngine("PyTorch");
                    } catch (RuntimeException | LinkageError ex) {
                        throw new IllegalStateException("RTDA-MOD-001 cannot load DJL's PyTorch engine: "
                                + ex.getMessage() + "; put ai.djl.pytorch:pytorch-jni and pytorch-native-cpu "
                                + "(linux-x86_64) on the classpath and run with "
                                + "--enable-native-access=ALL-UNNAMED", ex);
                    }
                    loadMillis = (System.nanoTime() - start) / 1_000_000;
                    LOG.info(() -> "RTDA-MOD-002 DJL PyTorch engine " + engine.getVersion() + " loaded in "
                            + loadMillis + " ms");
                }
                e = engine;
            }
        }
        return e;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Milliseconds the engine load took, -1 before it happened. */
    public static long loadMillis() {
        return loadMillis;
    }
}
