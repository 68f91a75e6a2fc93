/**
 * The Numenta Anomaly Benchmark: reading a NAB-format corpus (data, labelled windows, profiles), the NAB
 * scoring rules (probation, earliest detection per window, sigmoid-weighted true and false positives, one
 * threshold per profile for the whole corpus, normalized score), and the command-line runners
 * {@code ./rtda score} and {@code ./rtda nab}.
 */
package io.rtda.models.nab;
