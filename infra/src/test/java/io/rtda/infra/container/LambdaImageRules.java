package io.rtda.infra.container;

import io.rtda.infra.build.BuildFacts;
import io.rtda.infra.container.Dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code Dockerfile.lambda}, the Lambda container image: it copies only the lambda module's build
 * output (function.zip, the Runtime Interface Client jars, the training program and events), starts the RIC with
 * the Quarkus stream handler as its command, and writes its AOT cache (or CDS archive) in the final stage, with
 * the very JVM that reads it through {@code JAVA_TOOL_OPTIONS}, set only after that training so the training
 * does not read a cache it is writing. Stateless.
 */
final class LambdaImageRules {

    /** Where the lambda module's build writes what the image copies. */
    static final String TARGET = "lambda/target/";
    /** The build outputs the image needs; its ignore file must admit each one. */
    static final List<String> CONTEXT = List.of(BuildFacts.LAMBDA_ARTIFACT, TARGET + "lambda-ric/",
            TARGET + "test-classes/");
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Pattern WRITE = Pattern.compile("-XX:(?:AOTCacheOutput|ArchiveClassesAtExit)=(\\S+)");
    private static final Pattern READ = Pattern.compile("-XX:(?:AOTCache|SharedArchiveFile)=(\\S+)");

    private LambdaImageRules() {
    }

    static void check(Dockerfile d, List<String> violations) {
        String at = d.file().getFileName() + ": ";
        checkCopies(d, at, violations);
        String entrypoint = last(d, "ENTRYPOINT");
        if (!entrypoint.startsWith("[") || !entrypoint.contains("\"--add-modules\", \"jdk.incubator.vector\"")
                || !entrypoint.matches(".*\"" + Pattern.quote(RIC_MAIN) + "\"\\s*]$")) {
            violations.add(at + "ENTRYPOINT must be exec form running " + RIC_MAIN
                    + " with --add-modules jdk.incubator.vector, was: " + entrypoint);
        }
        String cmd = last(d, "CMD");
        if (!cmd.matches("\\[\\s*\"" + Pattern.quote(BuildFacts.LAMBDA_HANDLER) + "\"\\s*]")) {
            violations.add(at + "CMD must be [\"" + BuildFacts.LAMBDA_HANDLER + "\"] (the handler the RIC loads), was: "
                    + cmd);
        }
        checkArchive(d, at, violations);
    }

    private static void checkCopies(Dockerfile d, String at, List<String> violations) {
        List<String> copied = new ArrayList<>();
        for (Dockerfile.ContextCopy c : d.contextCopies()) {
            if (CONTEXT.contains(c.source())) {
                copied.add(c.source());
            } else {
                violations.add(at + "line " + c.copy().line() + ": COPY " + c.source() + " is not one of the lambda "
                        + "module's build outputs " + CONTEXT);
            }
        }
        for (String part : List.of(BuildFacts.LAMBDA_ARTIFACT, TARGET + "lambda-ric/")) {
            if (!copied.contains(part)) {
                violations.add(at + "does not COPY " + part + " (the function and the Runtime Interface Client)");
            }
        }
    }

    /** The archive is written in the final stage and read through JAVA_TOOL_OPTIONS set after that. */
    private static void checkArchive(Dockerfile d, String at, List<String> violations) {
        List<Instruction> all = d.instructions();
        int finalStage = 0;
        int training = -1;
        int options = -1;
        String written = null;
        String read = null;
        for (int i = 0; i < all.size(); i++) {
            Instruction in = all.get(i);
            Matcher write = WRITE.matcher(in.args());
            Matcher use = READ.matcher(in.args());
            if (in.keyword().equals("FROM")) {
                finalStage = i;
            } else if (in.keyword().equals("RUN") && write.find()) {
                training = i;
                written = write.group(1);
            } else if (in.keyword().equals("ENV") && in.args().contains("JAVA_TOOL_OPTIONS") && use.find()) {
                options = i;
                read = use.group(1).replaceAll("\"$", "");
            }
        }
        if (training < finalStage) {
            violations.add(at + "no training RUN (-XX:AOTCacheOutput=... or -XX:ArchiveClassesAtExit=...) in the "
                    + "final stage: the archive must be written by the JVM of the image that reads it");
        } else if (options < training || !written.equals(read)) {
            violations.add(at + "JAVA_TOOL_OPTIONS must read the archive the training wrote (" + written
                    + ") with -XX:AOTCache= or -XX:SharedArchiveFile=, set after the training RUN; reads " + read);
        }
    }

    private static String last(Dockerfile d, String keyword) {
        List<Instruction> found = d.all(keyword);
        return found.isEmpty() ? "" : found.get(found.size() - 1).args();
    }
}
