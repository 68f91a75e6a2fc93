/**
 * Quarkus adapters of the rule engine: the bean that evaluates rules after every ingest and ticks absence rules,
 * the rules file store, the rules and alerts HTTP resources and the live SSE stream of transitions.
 */
package io.rtda.functions.alerting;
