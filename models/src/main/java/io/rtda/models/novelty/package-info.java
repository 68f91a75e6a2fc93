/**
 * The novelty detector: has the stream ever shown this short shape at this level? Each stream keeps
 * categories of its recent shapes (hyperboxes, after fuzzy adaptive resonance theory), each as narrow as the
 * vigilance allows relative to the stream's recent range; a shape no category can take in without growing
 * past that limit is new, and scores by how far past it. It sees what calibrated detectors talk themselves out
 * of: a spike in a quiet regime right after a level shift, an odd afternoon in a noisy daily cycle, and it
 * stays quiet on bursts the stream has already shown.
 */
package io.rtda.models.novelty;
