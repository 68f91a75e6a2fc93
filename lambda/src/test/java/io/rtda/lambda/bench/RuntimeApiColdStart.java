package io.rtda.lambda.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cold start through the Lambda Runtime API, as Lambda runs a function: this program serves a minimal Runtime
 * API (the {@code 2018-06-01} paths: next invocation, response, invocation error, init error) on 127.0.0.1,
 * launches the function's process with {@code AWS_LAMBDA_RUNTIME_API} pointing at it, hands it one event, and
 * prints the time from launching the process to receiving the function's response. The process is then
 * killed (a real execution environment would be frozen). Usage: {@code RuntimeApiColdStart EVENT_JSON
 * COMMAND...}, e.g. the AWS Runtime Interface Client: {@code java -cp ...
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda HANDLER}. Exits 1, with the tail of the
 * function's output, when the function reports an error or does not answer within 60 s.
 *
 * <p>A plain socket server, not {@code com.sun.net.httpserver}: that one rewrites header names to
 * {@code Lambda-runtime-aws-request-id}, and the Runtime Interface Client's native HTTP client looks its headers
 * up with Lambda's exact spelling (it crashes on a missing request id).
 */
public final class RuntimeApiColdStart {
    private static final String BASE = "/2018-06-01/runtime";

    private RuntimeApiColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RuntimeApiColdStart EVENT_JSON COMMAND...");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        List<String> command = Arrays.asList(args).subList(1, args.length);
        CompletableFuture<String> answer = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> accept(server, new RuntimeApi(event, answer, done)));
            Path log = Files.createTempFile("rtda-function-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getLocalPort());
            builder.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "rtda");
            builder.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            builder.environment().putIfAbsent("AWS_REGION", "eu-west-1");
            long start = System.nanoTime();
            Process function = builder.start();
            int exit = 0;
            try {
                String body = answer.get(60, TimeUnit.SECONDS);
                System.out.printf("launch-to-first-answer-ms=%d answer=%s%n", (System.nanoTime() - start) / 1_000_000,
                        body.length() > 120 ? body.substring(0, 120) + "..." : body);
            } catch (TimeoutException | ExecutionException e) {
                System.err.println(e instanceof TimeoutException ? "no answer within 60 s" : e.getCause().getMessage());
                exit = 1;
            } finally {
                function.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                done.countDown();
            }
            report(log, exit);
            System.exit(exit);
        }
    }

    private static void report(Path log, int exit) throws IOException {
        if (exit == 0) {
            Files.delete(log);
            return;
        }
        List<String> lines = Files.readAllLines(log);
        System.err.println("function output (" + log + "), last lines:");
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
    }

    private static void accept(ServerSocket server, RuntimeApi api) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> api.serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The Runtime API: the first poll gets the event, later polls wait for {@code done}; answers complete it. */
    private record RuntimeApi(byte[] event, CompletableFuture<String> answer, CountDownLatch done,
            AtomicBoolean handedOut) {
        RuntimeApi(byte[] event, CompletableFuture<String> answer, CountDownLatch done) {
            this(event, answer, done, new AtomicBoolean());
        }

        /** Serves the requests of one keep-alive connection. */
        void serve(Socket socket) {
            try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream()) {
                String requestLine;
                while ((requestLine = line(in)) != null && !requestLine.isEmpty()) {
                    int length = 0;
                    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    handle(requestLine.split(" ")[1], body, out);
                }
            } catch (IOException | InterruptedException e) {
                // the function was killed or the run is over
            }
        }

        private void handle(String path, String body, OutputStream out) throws IOException, InterruptedException {
            if (path.equals(BASE + "/invocation/next")) {
                boolean first = handedOut.compareAndSet(false, true);
                if (!first) {
                    done.await(); // a later poll waits, as Lambda's does, until the environment goes away
                    return;
                }
                respond(out, "200 OK", "Lambda-Runtime-Aws-Request-Id: cold-start-1\r\n"
                        + "Lambda-Runtime-Deadline-Ms: " + (System.currentTimeMillis() + 60_000) + "\r\n"
                        + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:eu-west-1:123456789012:function:rtda\r\n"
                        + "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\n"
                        + "Content-Type: application/json\r\n", event);
                return;
            }
            if (path.endsWith("/response")) {
                answer.complete(body);
            } else {
                answer.completeExceptionally(new IllegalStateException("function error at " + path + ": " + body));
            }
            respond(out, "202 Accepted", "Content-Type: application/json\r\n",
                    "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
        }

        private static void respond(OutputStream out, String status, String headers, byte[] body)
                throws IOException {
            out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        /** One CRLF-terminated line, null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    buffer.write(b);
                }
            }
            return b == -1 && buffer.size() == 0 ? null : buffer.toString(StandardCharsets.US_ASCII);
        }
    }
}
