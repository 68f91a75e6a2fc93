package io.rtda.functions.ingest;

import io.rtda.accelerator.ingest.Rejection;
import io.rtda.accelerator.reading.ReadingBatch;
import java.util.List;

/**
 * A request body turned into valid readings and the records refused while parsing.
 *
 * @param batch    the valid readings, each with its request index
 * @param rejected records refused at the edge (type errors, unknown fields, rule violations)
 * @param records  records seen in the body
 */
public record ParsedBatch(ReadingBatch batch, List<Rejection> rejected, int records) {
}
