/**
 * Export of the statistics history to external time-series stores. {@code InfluxLineExporter} writes
 * InfluxDB line protocol over HTTP to InfluxDB 1.x {@code /write} or the {@code /write} compatibility
 * endpoint of InfluxDB 2.x and 3.x. Plain Java: the Quarkus wiring lives in {@code history.HistoryService}.
 */
package io.rtda.functions.export;
