/** Readiness: the analytics core is up, with which backend and how many streams. */
package io.rtda.functions.health;
