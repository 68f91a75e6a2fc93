/**
 * AWS Lambda handlers ({@code quarkus-amazon-lambda}): SQS and Kinesis batches with partial batch responses,
 * API Gateway HTTP API v2 / function URLs, and {@code events}, which routes any of the three by shape. The
 * event and response types here are written from AWS's documented JSON and own that wire format; the
 * handlers are thin adapters over {@link io.rtda.functions.serverless.EventIngest}.
 */
package io.rtda.lambda;
