/**
 * Alerts: the per rule-and-stream state machine (PENDING, FIRING, RESOLVED), the transitions it emits and
 * the listener API that receives them. Plain Java, no framework types; time comes from the caller.
 */
package io.rtda.functions.alert;
