package io.rtda.infra.container;

import io.rtda.infra.build.BuildFacts;
import io.rtda.infra.container.Dockerfile.Instruction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code infra/container}: each Dockerfile labels the root pom's Quarkus version, pins its base images
 * to a tag and runs as a non-root user in its mode; the server images copy the Quarkus fast-jar layout from the
 * Maven build and nothing else and run it with the Vector API module on port 8080; the worker image adds the
 * OpenCL ICD loader, the NVIDIA ICD registration and the driver's compute capability; the Lambda image is held
 * to {@link LambdaImageRules}; the build script tags each Dockerfile with the image name the manifests and
 * Terraform use; each Dockerfile's ignore file admits its build output. Stateless.
 */
public final class ContainerChecker {

    /** Dockerfile name to the image it builds and the RTDA_MODE it defaults to. */
    static final Map<String, String[]> IMAGES = Map.of(
            "Dockerfile.jvm", new String[] {BuildFacts.FRONT_IMAGE, "all-in-one"},
            "Dockerfile.worker", new String[] {BuildFacts.WORKER_IMAGE, "worker"},
            "Dockerfile.lambda", new String[] {BuildFacts.LAMBDA_IMAGE, "all-in-one"});
    /** The parts of the fast-jar ({@code quarkus.package.jar.type=fast-jar}) an image must carry. */
    static final List<String> FAST_JAR = List.of("lib/", "quarkus-run.jar", "quarkus/", "app/");
    private static final Pattern BUILD = Pattern.compile(
            "-f infra/container/(\\S+) -t \"\\$\\{prefix}([a-z0-9-]+):\\$version\"");

    private final BuildFacts facts;

    public ContainerChecker(BuildFacts facts) {
        this.facts = facts;
    }

    /** Checks {@code dir} (infra/container or a copy of it). */
    public List<String> check(Path dir) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, String[]> image : new TreeMap<>(IMAGES).entrySet()) {
            Path file = dir.resolve(image.getKey());
            if (!Files.isRegularFile(file)) {
                violations.add(image.getKey() + ": missing (it builds " + image.getValue()[0] + ")");
                continue;
            }
            Dockerfile dockerfile = Dockerfile.read(file);
            checkCommon(dockerfile, image.getValue()[1], violations);
            boolean lambda = image.getValue()[0].equals(BuildFacts.LAMBDA_IMAGE);
            if (lambda) {
                LambdaImageRules.check(dockerfile, violations);
            } else {
                checkServer(dockerfile, violations);
            }
            if (image.getValue()[0].equals(BuildFacts.WORKER_IMAGE)) {
                checkGpu(dockerfile, violations);
            }
            checkIgnoreFile(dir.resolve(image.getKey() + ".dockerignore"),
                    lambda ? LambdaImageRules.CONTEXT : List.of(BuildFacts.QUARKUS_APP + "/"), violations);
        }
        checkBuildScript(dir.resolve("build-images.sh"), violations);
        return violations;
    }

    private void checkCommon(Dockerfile d, String mode, List<String> violations) {
        String at = d.file().getFileName() + ": ";
        String quarkus = d.globalArg("QUARKUS_VERSION");
        if (!facts.quarkusVersion().equals(quarkus)) {
            violations.add(at + "ARG QUARKUS_VERSION is " + quarkus + ", the root pom's quarkus.version is "
                    + facts.quarkusVersion());
        }
        if (d.all("LABEL").stream().noneMatch(l -> l.args().contains("io.quarkus.version=\"${QUARKUS_VERSION}\""))) {
            violations.add(at + "no LABEL io.quarkus.version=\"${QUARKUS_VERSION}\"");
        }
        checkBaseImages(d, at, violations);
        List<Instruction> users = d.all("USER");
        String user = users.isEmpty() ? "root" : users.get(users.size() - 1).args();
        if (user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            violations.add(at + "runs as root: add USER with a non-root uid (the manifests set runAsNonRoot)");
        }
        if (!mode.equals(d.env().get("RTDA_MODE"))) {
            violations.add(at + "ENV RTDA_MODE is " + d.env().get("RTDA_MODE") + ", expected " + mode);
        }
    }

    private static void checkServer(Dockerfile d, List<String> violations) {
        String at = d.file().getFileName() + ": ";
        checkCopies(d, at, violations);
        List<Instruction> entrypoints = d.all("ENTRYPOINT");
        String entrypoint = entrypoints.isEmpty() ? "" : entrypoints.get(entrypoints.size() - 1).args();
        if (!entrypoint.startsWith("[") || !entrypoint.contains("\"--add-modules\", \"jdk.incubator.vector\"")
                || !entrypoint.matches(".*\"-jar\", \"/deployments/quarkus-run.jar\"\\s*]$")) {
            violations.add(at + "ENTRYPOINT must be exec form running -jar /deployments/quarkus-run.jar with "
                    + "--add-modules jdk.incubator.vector, was: " + entrypoint);
        }
        if (d.all("EXPOSE").stream().noneMatch(e -> e.args().matches(BuildFacts.HTTP_PORT + "(/tcp)?"))) {
            violations.add(at + "does not EXPOSE " + BuildFacts.HTTP_PORT);
        }
    }

    private static void checkBaseImages(Dockerfile d, String at, List<String> violations) {
        Set<String> stages = new HashSet<>();
        for (Instruction from : d.all("FROM")) {
            String[] words = from.args().split("\\s+");
            String image = words[words.length > 1 && words[0].startsWith("--") ? 1 : 0];
            if (!stages.contains(image)) {
                String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1)
                        .replaceFirst("^[^:]*:?", "");
                if (tag.isEmpty() || tag.equals("latest")) {
                    violations.add(at + "line " + from.line() + ": base image " + image
                            + " is not pinned: name a version tag or a digest");
                }
            }
            if (words.length >= 3 && words[words.length - 2].equalsIgnoreCase("AS")) {
                stages.add(words[words.length - 1]);
            }
        }
    }

    private static void checkCopies(Dockerfile d, String at, List<String> violations) {
        Set<String> copied = new HashSet<>();
        String prefix = BuildFacts.QUARKUS_APP + "/";
        for (Dockerfile.ContextCopy c : d.contextCopies()) {
            if (!c.source().startsWith(prefix)) {
                violations.add(at + "line " + c.copy().line() + ": COPY " + c.source() + " is not from the Maven "
                        + "build's " + prefix);
            } else {
                copied.add(c.source().substring(prefix.length()));
            }
        }
        for (String part : FAST_JAR) {
            if (!copied.contains(part)) {
                violations.add(at + "does not COPY " + prefix + part + " (the fast-jar needs lib/, quarkus-run.jar, "
                        + "quarkus/ and app/)");
            }
        }
    }

    private static void checkGpu(Dockerfile d, List<String> violations) {
        String at = d.file().getFileName() + ": ";
        String run = String.join("\n", d.all("RUN").stream().map(Instruction::args).toList());
        if (!run.contains("ocl-icd-libopencl1")) {
            violations.add(at + "does not install ocl-icd-libopencl1, the OpenCL ICD loader JOCL calls");
        }
        if (!Pattern.compile("echo \\S*libnvidia-opencl\\.so\\.1 > /etc/OpenCL/vendors/nvidia\\.icd").matcher(run)
                .find()) {
            violations.add(at + "does not register the NVIDIA ICD (echo libnvidia-opencl.so.1 > "
                    + "/etc/OpenCL/vendors/nvidia.icd): the driver installs none, so OpenCL would see no GPU");
        }
        String capabilities = d.env().getOrDefault("NVIDIA_DRIVER_CAPABILITIES", "");
        if (!capabilities.equals("all") && !List.of(capabilities.split(",")).contains("compute")) {
            violations.add(at + "NVIDIA_DRIVER_CAPABILITIES is '" + capabilities
                    + "': without compute the Container Toolkit mounts no OpenCL library");
        }
        if (d.all("FROM").stream().noneMatch(f -> f.args().startsWith("nvidia/cuda:"))) {
            violations.add(at + "no nvidia/cuda base image: the Container Toolkit settings come from it");
        }
    }

    private static void checkIgnoreFile(Path ignore, List<String> admitted, List<String> violations) {
        String text;
        try {
            text = Files.isRegularFile(ignore) ? Files.readString(ignore) : "";
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ignore + ": " + e.getMessage(), e);
        }
        List<String> lines = text.lines().map(String::strip).toList();
        for (String path : admitted) {
            if (!lines.contains("!" + path)) {
                violations.add(ignore.getFileName() + ": must exist and admit !" + path
                        + " (the context is the repository root)");
            }
        }
    }

    private static void checkBuildScript(Path script, List<String> violations) {
        String text;
        try {
            text = Files.readString(script);
        } catch (IOException e) {
            violations.add(script.getFileName() + ": cannot read (" + e.getMessage() + ")");
            return;
        }
        Map<String, String> built = new LinkedHashMap<>();
        Matcher m = BUILD.matcher(text);
        while (m.find()) {
            built.put(m.group(1), m.group(2));
        }
        IMAGES.forEach((dockerfile, image) -> {
            if (!image[0].equals(built.get(dockerfile))) {
                violations.add(script.getFileName() + ": builds " + dockerfile + " as " + built.get(dockerfile)
                        + ", the manifests and Terraform expect " + image[0]);
            }
        });
    }
}
