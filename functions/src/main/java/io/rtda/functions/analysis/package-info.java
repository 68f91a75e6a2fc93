/**
 * The application service that owns the analytics core in this process: the window engine with its
 * selected statistics backend and the anomaly detector, plus the metrics it reports. Every entry point
 * (HTTP, simulator, brokers, functions) ingests through it.
 */
package io.rtda.functions.analysis;
