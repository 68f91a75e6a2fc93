/**
 * Rules as data: parsing and validating rule documents (conditions, selectors, timing), and the engine that
 * evaluates them over stream snapshots and absence ticks, driving one {@link io.rtda.functions.alert.AlertTracker}
 * per rule and stream. Plain Java, no framework types; time comes from an injected clock. The rule language is
 * documented in {@code docs/rules.md}.
 */
package io.rtda.functions.rules;
