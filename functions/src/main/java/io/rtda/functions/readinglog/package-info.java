/**
 * The readings log: every applied batch since the latest checkpoint, on disk before it is answered, replayed
 * onto the checkpoint after a crash so no accepted reading is lost.
 */
package io.rtda.functions.readinglog;
