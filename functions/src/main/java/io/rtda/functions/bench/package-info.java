/** Benchmark mains of the functions module's plain-Java cores (run with {@code java -cp ... <main>}). */
package io.rtda.functions.bench;
