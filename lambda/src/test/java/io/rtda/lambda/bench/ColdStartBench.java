package io.rtda.lambda.bench;

import com.amazonaws.services.lambda.runtime.Context;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JVM start to the first answered Lambda event, as the AWS Java runtime runs a function: it loads the handler
 * class named in the function's configuration ({@code QuarkusStreamHandler::handleRequest}) from the unpacked
 * function.zip and calls it with the event's bytes. Prints the time from JVM start to the first response, and
 * the warm latency of a second event. Usage (from the repository root, after packaging the lambda module):
 * {@code java -cp "fz:fz/lib/*:lambda/target/test-classes" io.rtda.lambda.bench.ColdStartBench event.json
 * [more.json ...]}, with fz the unzipped function.zip. Further events are answered after the measurement, once
 * each, and their answers printed: that makes the same program the training run of an AOT cache or CDS archive
 * ({@code lambda/aot-cache.sh}), so the archive holds what SQS, Kinesis and HTTP events load.
 */
public final class ColdStartBench {
    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        Context context = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, a) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 15_000;
                    case "getAwsRequestId" -> "bench-" + System.nanoTime();
                    case "getLogger", "getIdentity", "getClientContext" -> null;
                    default -> method.getReturnType() == String.class ? "rtda-bench" : null;
                });
        QuarkusStreamHandler handler = new QuarkusStreamHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        long first = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String answer = out.toString(StandardCharsets.UTF_8);
        long warmStart = System.nanoTime();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), second, context);
        double warmMs = (System.nanoTime() - warmStart) / 1e6;
        System.out.printf("jvm-start-to-first-answer-ms=%d warm-event-ms=%.2f answer=%s%n", first, warmMs,
                abbreviate(answer));
        for (int i = 1; i < args.length; i++) {
            ByteArrayOutputStream more = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[i]))), more, context);
            System.out.printf("event=%s answer=%s%n", Path.of(args[i]).getFileName(),
                    abbreviate(more.toString(StandardCharsets.UTF_8)));
        }
        System.exit(0);
    }

    private static String abbreviate(String answer) {
        return answer.length() > 120 ? answer.substring(0, 120) + "..." : answer;
    }
}
