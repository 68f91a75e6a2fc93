/**
 * The HTTP ingest edge: parses JSON arrays and NDJSON into valid readings and per-record rejections,
 * enforces body and record limits, and hands the batch to the analysis service.
 */
package io.rtda.functions.ingest;
