/**
 * Checkpoints: the service's state (every stream's window samples, and further parts as they register)
 * written to one file every few seconds and on shutdown, atomically (temporary file, fsync, rename; the
 * previous checkpoint kept), with a CRC so a torn or corrupt file is detected and the previous one used.
 * After a crash, even {@code kill -9}, the service restarts from the newest good checkpoint; readings that
 * arrived after it are the only loss. Plain Java except {@code CheckpointScheduler}.
 */
package io.rtda.functions.checkpoint;
