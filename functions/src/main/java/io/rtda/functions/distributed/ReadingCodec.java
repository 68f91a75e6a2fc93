package io.rtda.functions.distributed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rtda.accelerator.reading.ReadingBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes readings as the ingest wire format (a JSON array of {@code {stream, ts, value, tags}}) so a worker
 * reads a broker message with the same {@code ReadingParser} as the HTTP edge. Values are written with
 * Java's shortest round-trip representation, so a worker analyzes bit-identical doubles. Thread-safe.
 */
public final class ReadingCodec {
    private final JsonFactory factory = new JsonFactory();

    /** The readings at the given positions of the batch as one JSON array. */
    public byte[] encode(ReadingBatch batch, int[] positions, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * count + 2);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartArray();
            for (int k = 0; k < count; k++) {
                int i = positions[k];
                g.writeStartObject();
                g.writeStringField("stream", batch.stream(i));
                g.writeNumberField("ts", batch.timestamp(i));
                g.writeNumberField("value", batch.value(i));
                Map<String, String> tags = batch.tags(i);
                if (tags != null && !tags.isEmpty()) {
                    g.writeObjectFieldStart("tags");
                    for (Map.Entry<String, String> t : tags.entrySet()) {
                        g.writeStringField(t.getKey(), t.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
