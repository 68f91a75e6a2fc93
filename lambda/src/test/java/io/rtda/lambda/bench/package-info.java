/** Benchmark mains for the Lambda packaging (run by hand against the built function.zip; see docs/serverless.md). */
package io.rtda.lambda.bench;
