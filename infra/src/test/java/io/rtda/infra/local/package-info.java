/**
 * Checks of the shell scripts that run RTDA outside Maven (the local cluster, the image build, the GPU device
 * check, the worker's boot script): they parse, and the local cluster starts the build's application in the
 * modes and on the health endpoint the rest of the deployment uses.
 */
package io.rtda.infra.local;
