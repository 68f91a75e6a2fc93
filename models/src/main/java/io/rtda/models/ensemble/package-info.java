/**
 * The ensemble: several detectors score the same readings; their scores are combined by weighted mean and
 * shaped once by a repeat suppressor.
 */
package io.rtda.models.ensemble;
