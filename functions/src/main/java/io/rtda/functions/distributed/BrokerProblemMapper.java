package io.rtda.functions.distributed;

import io.rtda.functions.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A front whose broker did not take a batch answers 503 problem+json with Retry-After: nothing was stored. */
public final class BrokerProblemMapper {
    private static final Logger LOG = Logger.getLogger(BrokerProblemMapper.class);

    @ServerExceptionMapper
    public Response unavailable(BrokerUnavailableException e) {
        LOG.warn(e.getMessage());
        return Response.fromResponse(Problem.of(503, "broker-unavailable", "Broker unavailable",
                "the readings could not be handed to the analytics tier and none were stored; retry the same "
                        + "request (duplicates are stored once)").toResponse()).header("Retry-After", "1").build();
    }
}
