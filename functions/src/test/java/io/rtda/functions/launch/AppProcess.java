package io.rtda.functions.launch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged application as its own JVM, started from the module directory's
 * {@code target/quarkus-app/quarkus-run.jar} (failsafe runs after {@code package}). It listens on 127.0.0.1 at
 * the given port, runs in the given working directory (so its default {@code ./data} is private to it) and
 * appends its output to {@code <name>.log} there. Not thread-safe; {@link #close()} kills it if still alive.
 */
public final class AppProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private AppProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the application without waiting for it.
     *
     * @param properties system properties ({@code -Dkey=value}) beside the port and host
     * @param env        environment variables added to this JVM's
     */
    public static AppProcess launch(String name, int port, Path workDir, Map<String, String> properties,
            Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new AppProcess(name, port, log, builder.start());
    }

    /** Polls {@code /q/health/ready} until it answers 200; fails with the log's tail on exit or deadline. */
    public AppProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base() + "/q/health/ready")).build();
        while (true) {
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " during start-up; "
                        + "last lines of " + log + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not ready on port " + port + " within " + timeout
                        + "; last lines of " + log + ":\n" + logTail(40));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * SIGSTOP: the process stops where it is, holding whatever it has received (its sockets stay open), until
     * it is killed. POSIX only.
     */
    public void freeze() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (stop.waitFor() != 0) {
            throw new IOException("kill -STOP " + process.pid() + " exited with " + stop.exitValue());
        }
    }

    /** SIGKILL ({@code kill -9}), and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for the process to end by itself and returns its exit code; fails with the log's tail on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; last lines of " + log + ":\n"
                    + logTail(40));
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The last lines of the process's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
