/**
 * The durable outbox: messages are appended to a journal (and forced to disk) before any delivery attempt and
 * stay there until the broker confirmed them, so a crash or a broker outage loses nothing. Plain Java.
 */
package io.rtda.functions.outbox;
