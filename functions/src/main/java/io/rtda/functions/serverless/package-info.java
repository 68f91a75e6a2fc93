/**
 * Event-triggered entry points over the one ingest path: Funqy functions ({@code ingest}, {@code ingestBatch},
 * {@code metrics}) served over HTTP (funqy-http) and as Knative CloudEvents, and {@link EventIngest}, the
 * application service the Funqy functions and the AWS Lambda handlers share. Adapters stay a few lines each.
 */
package io.rtda.functions.serverless;
