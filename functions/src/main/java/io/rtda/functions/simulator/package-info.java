/**
 * The built-in simulator: N sensors with seasonal signal and noise, and labelled injected scenarios
 * (spikes, level shifts, drift, stuck values, dropouts, late and duplicate readings) so tests and the demo
 * can check that RTDA sees what was injected.
 */
package io.rtda.functions.simulator;
