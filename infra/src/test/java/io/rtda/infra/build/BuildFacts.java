package io.rtda.infra.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The facts of one checkout's Maven build that deployment files must match, read from the root pom and the
 * functions module's {@code application.properties}, plus the contract constants of the Lambda artifact.
 * Immutable.
 *
 * @param root repository root
 * @param quarkusVersion the root pom's {@code quarkus.version}
 * @param projectVersion the root pom's version (the image tag)
 * @param javaRelease the root pom's {@code maven.compiler.release}
 * @param triggerTypes function name to CloudEvent type, from
 *     {@code quarkus.funqy.knative-events.mapping.<function>.trigger}
 * @param deadLetterPath the path of the front's dead-letter sink, from {@code DeadLetterResource.PATH}
 */
public record BuildFacts(Path root, String quarkusVersion, String projectVersion, int javaRelease,
        Map<String, String> triggerTypes, String deadLetterPath) {

    /** Lambda entry point of a {@code quarkus-amazon-lambda} build (it dispatches to the @Named handler). */
    public static final String LAMBDA_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** Lambda runtime for the build's Java release (21 bytecode; Lambda's newest Java runtime it runs on). */
    public static final String LAMBDA_RUNTIME = "java21";
    /** The Lambda artifact the Maven build writes, relative to the repository root. */
    public static final String LAMBDA_ARTIFACT = "lambda/target/function.zip";
    /** The Quarkus fast-jar the images and the local scripts run, relative to the repository root. */
    public static final String QUARKUS_APP = "functions/target/quarkus-app";
    /** Image of the all-in-one server and the front functions (infra/container/Dockerfile.jvm). */
    public static final String FRONT_IMAGE = "rtda-functions";
    /** Image of the GPU worker (infra/container/Dockerfile.worker). */
    public static final String WORKER_IMAGE = "rtda-worker";
    /** Image of the Lambda functions with an AOT cache (infra/container/Dockerfile.lambda). */
    public static final String LAMBDA_IMAGE = "rtda-lambda";
    public static final String HEALTH_LIVE = "/q/health/live";
    public static final String HEALTH_READY = "/q/health/ready";
    public static final int HTTP_PORT = 8080;
    /**
     * Environment every front and worker process gets in every shape (Knative, Kubernetes, Lambda, EC2, the
     * local cluster): the mode, the broker (Quarkus messaging-rabbitmq's global settings), the partition count
     * and the API key digests. One rename here points the tests at every file to change.
     */
    public static final List<String> PROCESS_ENVIRONMENT = List.of("RTDA_MODE", "RABBITMQ_HOST", "RABBITMQ_PORT",
            "RABBITMQ_USERNAME", "RABBITMQ_PASSWORD", "RTDA_BROKER_PARTITIONS", "RTDA_SECURITY_API_KEYS");

    private static final Pattern DEAD_LETTER_PATH = Pattern.compile("String PATH = \"([^\"]+)\"");
    private static final Pattern TRIGGER_KEY =
            Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.([^.]+)\\.trigger");

    /** The repository root: system property {@code rtda.root} (set by the infra pom), else the parent of cwd. */
    public static Path repositoryRoot() {
        String property = System.getProperty("rtda.root");
        Path root = property != null ? Path.of(property) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("infra"))) {
            throw new IllegalStateException("repository root not found: " + root
                    + " has no pom.xml and infra/; run the tests through Maven (rtda.root is set by infra/pom.xml)");
        }
        return root.toAbsolutePath().normalize();
    }

    /** Reads the facts of the checkout at {@code root}. */
    public static BuildFacts load(Path root) {
        Element project = parsePom(root.resolve("pom.xml"));
        Element properties = child(project, "properties");
        String quarkus = text(properties, "quarkus.version");
        String release = text(properties, "maven.compiler.release");
        String version = text(project, "version");
        Path appProperties = root.resolve("functions/src/main/resources/application.properties");
        return new BuildFacts(root, quarkus, version, Integer.parseInt(release), triggerTypes(appProperties),
                deadLetterPath(root.resolve("functions/src/main/java/io/rtda/functions/serverless/"
                        + "DeadLetterResource.java")));
    }

    /** The {@code PATH} constant of the dead-letter resource's source. */
    static String deadLetterPath(Path source) {
        try {
            Matcher m = DEAD_LETTER_PATH.matcher(Files.readString(source));
            if (!m.find()) {
                throw new IllegalStateException(source + " declares no String PATH = \"...\"");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** The Knative trigger mappings of the functions' configuration (profile-specific keys excluded). */
    static Map<String, String> triggerTypes(Path applicationProperties) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + applicationProperties + ": " + e.getMessage(), e);
        }
        Map<String, String> types = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = TRIGGER_KEY.matcher(key);
            if (m.matches()) {
                types.put(m.group(1), properties.getProperty(key).trim());
            }
        }
        return types;
    }

    private static Element parsePom(Path pom) {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(in);
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("root pom has no <" + name + "> under <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }
}
