package io.rtda.functions.serverless;

import io.rtda.functions.query.MetricsView;
import java.util.List;

/**
 * Output of the {@code metrics} function: what is known, what is not, and what was not a valid id.
 *
 * @param metrics the latest metrics of each known stream, in request order
 * @param unknown ids with no stored readings here
 * @param invalid requested ids that are not valid stream ids, each with the reason
 */
public record MetricsAnswer(List<MetricsView> metrics, List<String> unknown, List<Invalid> invalid) {
    /**
     * @param stream the id as sent
     * @param reason why it is not a stream id
     */
    public record Invalid(String stream, String reason) {
    }
}
