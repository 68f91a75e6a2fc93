/**
 * The environment contract across deployment shapes: {@link io.rtda.infra.environment.EnvironmentChecker}
 * reads which variables each shape gives the front and the workers and reports any of
 * {@link io.rtda.infra.build.BuildFacts#PROCESS_ENVIRONMENT} a shape leaves out.
 */
package io.rtda.infra.environment;
