package io.rtda.functions.serverless;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps {@code GET /} the dashboard: Funqy's CloudEvents binding owns the route {@code /} for every method
 * (Knative POSTs events there) and answers a plain GET with 404, ahead of the static resources. A GET or HEAD
 * of {@code /} is rerouted to {@code /index.html} before that route runs; POSTs still reach the binding.
 */
@ApplicationScoped
public class DashboardRoute {
    void register(@Observes Router router) {
        router.get("/").order(Integer.MIN_VALUE).handler(ctx -> ctx.reroute("/index.html"));
        router.head("/").order(Integer.MIN_VALUE).handler(ctx -> ctx.reroute("/index.html"));
    }
}
