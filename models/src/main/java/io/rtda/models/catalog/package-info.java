/**
 * The detector catalog: builds a detector by name ({@code robust}, {@code rcf}, {@code djl}, {@code
 * ensemble}) from plain string options, so applications select one by configuration
 * ({@code rtda.model.detector}) without knowing the classes.
 */
package io.rtda.models.catalog;
