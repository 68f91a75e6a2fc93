package io.rtda.functions.serverless;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The data of an {@code io.rtda.readings.batch.v1} event.
 *
 * @param batchId  the producer's id of the batch, echoed in the result (optional)
 * @param readings an array of readings (or one reading object)
 */
public record ReadingsBatch(String batchId, JsonNode readings) {
}
