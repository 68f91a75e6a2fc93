package io.rtda.functions.serverless;

import java.util.List;

/**
 * Input of the {@code metrics} function.
 *
 * @param streams stream ids (at most {@link ReadingFunctions#MAX_STREAMS})
 * @param window  {@code count} (default) or {@code time}
 */
public record MetricsRequest(List<String> streams, String window) {
}
