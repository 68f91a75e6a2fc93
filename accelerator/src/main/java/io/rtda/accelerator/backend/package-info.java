/**
 * Chooses, once at start-up, how statistics are computed: a host kernel (Java Vector API or scalar) and,
 * where an OpenCL device is present or asked for, device-resident windows. Every choice and fallback is
 * logged with its reason and remedy.
 */
package io.rtda.accelerator.backend;
