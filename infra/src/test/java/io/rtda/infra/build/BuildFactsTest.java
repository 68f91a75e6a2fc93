package io.rtda.infra.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The build facts read what the build declares, and the Lambda constants agree with what it writes. */
class BuildFactsTest {

    private final Path root = BuildFacts.repositoryRoot();

    @TempDir
    Path tmp;

    @Test
    void shouldReadVersionsFromTheRootPom() {
        BuildFacts facts = BuildFacts.load(root);
        assertTrue(facts.quarkusVersion().matches("\\d+\\.\\d+\\.\\d+(\\..+)?"), facts.quarkusVersion());
        assertTrue(facts.projectVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), facts.projectVersion());
        assertTrue(facts.javaRelease() >= 17, "maven.compiler.release " + facts.javaRelease());
    }

    @Test
    void shouldTargetALambdaRuntimeThatRunsTheBuildsBytecode() {
        int runtime = Integer.parseInt(BuildFacts.LAMBDA_RUNTIME.substring("java".length()));
        assertTrue(runtime >= BuildFacts.load(root).javaRelease(),
                BuildFacts.LAMBDA_RUNTIME + " cannot run release " + BuildFacts.load(root).javaRelease() + " classes");
    }

    @Test
    void shouldReadOnlyUnprofiledTriggerMappings() throws IOException {
        Path properties = tmp.resolve("application.properties");
        Files.writeString(properties, """
                quarkus.funqy.knative-events.mapping.ingest.trigger=io.rtda.readings.v1
                %dev.quarkus.funqy.knative-events.mapping.debug.trigger=io.rtda.debug.v1
                quarkus.funqy.knative-events.mapping.ingest.response-type=io.rtda.results.v1
                quarkus.http.port=8080
                """);
        assertEquals(Map.of("ingest", "io.rtda.readings.v1"), BuildFacts.triggerTypes(properties));
    }

    /**
     * Once functions builds for Lambda (quarkus-amazon-lambda), the build writes sam.jvm.yaml next to
     * function.zip; its handler and runtime are the build's own statement of the contract.
     */
    @Test
    void shouldMatchTheSamTemplateTheBuildWrites() throws IOException {
        Path sam = root.resolve("lambda/target/sam.jvm.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(sam), "lambda/target/sam.jvm.yaml absent: the lambda module has not "
                + "been packaged (./mvnw package -pl lambda -am), so only the constants are checked");
        assertSamMatches(sam, root);
    }

    @Test
    void shouldAcceptASamTemplateOfTheContractsShape() throws IOException {
        Path sam = writeSam("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", "java21");
        assertSamMatches(sam, tmp);
    }

    @Test
    void shouldCatchASamTemplateWithAnotherRuntime() throws IOException {
        Path sam = writeSam(BuildFacts.LAMBDA_HANDLER, "java17");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertSamMatches(sam, tmp));
        assertTrue(e.getMessage().startsWith("Runtime in"), e.getMessage());
    }

    /** A template as quarkus-amazon-lambda writes it (Quarkus's sam.jvm.yaml layout), with function.zip. */
    private Path writeSam(String handler, String runtime) throws IOException {
        Path target = Files.createDirectories(tmp.resolve("lambda/target"));
        Files.write(target.resolve("function.zip"), new byte[] {0x50, 0x4b, 0x05, 0x06});
        return Files.writeString(target.resolve("sam.jvm.yaml"), """
                  AWSTemplateFormatVersion: '2010-09-09'
                  Transform: AWS::Serverless-2016-10-31
                  Resources:
                    Function:
                      Type: AWS::Serverless::Function
                      Properties:
                        Handler: %s
                        Runtime: %s
                        CodeUri: function.zip
                        MemorySize: 512
                        Timeout: 15
                """.formatted(handler, runtime));
    }

    @SuppressWarnings("unchecked")
    private static void assertSamMatches(Path sam, Path repoRoot) throws IOException {
        Map<String, Object> template;
        try (Reader reader = Files.newBufferedReader(sam)) {
            template = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        int functions = 0;
        for (Object resource : resources.values()) {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                Map<String, Object> p = (Map<String, Object>) r.get("Properties");
                assertEquals(BuildFacts.LAMBDA_HANDLER, p.get("Handler"), "Handler in " + sam);
                assertEquals(BuildFacts.LAMBDA_RUNTIME, p.get("Runtime"), "Runtime in " + sam);
                assertEquals(repoRoot.resolve(BuildFacts.LAMBDA_ARTIFACT), sam.resolveSibling(String.valueOf(
                        p.get("CodeUri"))).normalize(), "CodeUri in " + sam);
                functions++;
            }
        }
        assertTrue(functions > 0, "no AWS::Serverless::Function in " + sam);
        assertTrue(Files.isRegularFile(repoRoot.resolve(BuildFacts.LAMBDA_ARTIFACT)), BuildFacts.LAMBDA_ARTIFACT);
    }
}
