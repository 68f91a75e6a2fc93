/**
 * A stream's recent values as the learned detectors keep them: a fixed-capacity ring, oldest first, with
 * the robust normal range (median ± k · 1.4826 · MAD) they report as the expected range.
 */
package io.rtda.models.history;
