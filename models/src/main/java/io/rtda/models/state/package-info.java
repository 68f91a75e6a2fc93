/**
 * Model state apart from model objects: each detector has a versioned state record (plain data) and a
 * mapper between its hot-path object and that record; {@link io.rtda.models.state.StateCodec} turns a
 * record into checkpoint bytes (JSON) and back, refusing another detector's or version's checkpoint.
 */
package io.rtda.models.state;
