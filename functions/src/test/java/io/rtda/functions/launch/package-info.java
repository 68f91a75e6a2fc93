/**
 * Launching the packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a separate JVM for the
 * failsafe integration tests ({@code *IT}): its own port, working directory and log, readiness with a
 * deadline, and SIGKILL.
 */
package io.rtda.functions.launch;
