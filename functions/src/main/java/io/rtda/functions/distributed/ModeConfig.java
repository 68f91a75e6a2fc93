package io.rtda.functions.distributed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code rtda.mode} (environment {@code RTDA_MODE}): {@code all-in-one}, {@code front} or {@code worker}. A
 * mapping of its own beside {@code RtdaConfig}, so the distributed modes do not widen the core settings.
 */
@ConfigMapping(prefix = "rtda")
public interface ModeConfig {
    @WithDefault("all-in-one")
    String mode();
}
