package io.rtda.models.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Checkpoint bytes for state records: UTF-8 JSON (floats and doubles round-trip exactly), checked on read
 * for the detector name and version before anything is restored. Thread-safe.
 */
public final class StateCodec {
    /**
     * Strict where a damaged checkpoint would otherwise restore silently wrong state: bytes after the JSON
     * value (two checkpoints concatenated, a torn write), a state record's field missing or null, a null for a
     * number. Unknown properties stay allowed: the forest's state objects carry derived ones.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private StateCodec() {
    }

    public static byte[] write(VersionedState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + state.detector() + " state: " + e.getMessage(), e);
        }
    }

    /**
     * @param bytes    a checkpoint from {@link #write}
     * @param type     the state record class
     * @param detector the detector name the checkpoint must carry
     * @param version  the version this code reads
     */
    public static <T extends VersionedState> T read(byte[] bytes, Class<T> type, String detector, int version) {
        try {
            JsonNode tree = JSON.readTree(bytes);
            String found = tree.path("detector").asText("?");
            int foundVersion = tree.path("version").asInt(-1);
            if (!detector.equals(found)) {
                throw new IllegalArgumentException("checkpoint is of detector '" + found + "', not '" + detector + "'");
            }
            if (foundVersion != version) {
                throw new IllegalArgumentException(detector + " checkpoint version " + foundVersion
                        + " is not supported (this build reads version " + version + ")");
            }
            return JSON.treeToValue(tree, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint is not a readable " + detector + " state: "
                    + e.getMessage(), e);
        }
    }
}
