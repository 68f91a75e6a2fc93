package io.rtda.infra.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BrokenCopy;
import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code terraform/} passes; each rule catches a copy broken in one place. Every mutation first
 * asserts that its target text is present, so an edit to the real files fails here loudly instead of
 * turning a negative test into one that passes for the wrong reason.
 */
class TerraformCheckerTest {

    private static Path root;
    private static BuildFacts facts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadFacts() {
        root = BuildFacts.repositoryRoot();
        facts = BuildFacts.load(root);
    }

    @Test
    void shouldPassTheRepositoryTerraform() {
        List<String> violations = new TerraformChecker(facts).check(root);
        assertEquals(List.of(), violations,
                "terraform/ violates the deployment rules:\n" + String.join("\n", violations));
    }

    @Test
    void shouldFindTheLambdaFunctionsThroughTheModule() {
        TerraformModule module = TerraformModule.load(root.resolve("terraform/modules/quarkus_lambda"));
        assertTrue(module.typed("resource", "aws_lambda_function").containsKey("this"),
                "the checks below only mean something if the Lambda module declares the function");
        TerraformModule main = TerraformModule.load(root.resolve("terraform"));
        assertEquals(3, main.blocks("module").size(), "sqs, kinesis and http functions");
    }

    @Test
    void shouldRejectVariableWithoutDescription() throws IOException {
        Path copy = mutate("variables.tf", "  description = \"AWS region to deploy into, e.g. eu-west-1.\"\n", "");
        assertViolation(copy, "variable \"aws_region\" has no description");
    }

    @Test
    void shouldRejectVariableWithoutType() throws IOException {
        Path copy = mutate("variables.tf", "  type        = bool\n", "");
        assertViolation(copy, "variable \"kinesis_enabled\" has no type");
    }

    @Test
    void shouldRejectNumberVariableWithoutValidation() throws IOException {
        Path copy = append("variables.tf", "variable \"unbounded\" {\n  type        = number\n"
                + "  description = \"no range\"\n  default     = 1\n}\n");
        assertViolation(copy, "variable \"unbounded\" is a number without a validation block");
    }

    @Test
    void shouldRejectVariableWithoutTypeInAModule() throws IOException {
        Path copy = mutate("modules/quarkus_lambda/variables.tf",
                "variable \"zip_path\" {\n  type        = string\n", "variable \"zip_path\" {\n");
        assertViolation(copy, "quarkus_lambda: variable \"zip_path\" has no type");
    }

    @Test
    void shouldRejectUndeclaredVariableReference() throws IOException {
        Path copy = append("outputs.tf", "output \"x\" {\n  description = \"x\"\n  value       = var.nope\n}\n");
        assertViolation(copy, "reference var.nope points at no declared variable");
    }

    @Test
    void shouldRejectUndeclaredLocalReference() throws IOException {
        Path copy = append("outputs.tf", "output \"x\" {\n  description = \"x\"\n  value       = local.nope\n}\n");
        assertViolation(copy, "reference local.nope points at no declared local");
    }

    @Test
    void shouldRejectUndeclaredResourceReference() throws IOException {
        Path copy = mutate("outputs.tf", "value       = aws_sqs_queue.ingest.url",
                "value       = aws_sqs_queue.nope.url");
        assertViolation(copy, "reference aws_sqs_queue.nope points at no declared resource");
    }

    @Test
    void shouldRejectUndeclaredDataReference() throws IOException {
        Path copy = mutate("main.tf", "policy_json          = data.aws_iam_policy_document.ingest_sqs.json",
                "policy_json          = data.aws_iam_policy_document.nope.json");
        assertViolation(copy, "reference data.aws_iam_policy_document.nope points at no declared data source");
    }

    @Test
    void shouldRejectUndeclaredModuleReference() throws IOException {
        Path copy = mutate("main.tf", "function_name                      = module.ingest_sqs.function_arn",
                "function_name                      = module.ingest_nope.function_arn");
        assertViolation(copy, "reference module.ingest_nope.function_arn points at no declared module");
    }

    @Test
    void shouldRejectReferenceToMissingModuleOutput() throws IOException {
        Path copy = mutate("main.tf", "function_name                      = module.ingest_sqs.function_arn",
                "function_name                      = module.ingest_sqs.arn");
        assertViolation(copy, "module quarkus_lambda has no output \"arn\"");
    }

    @Test
    void shouldRejectHandlerOtherThanTheBuilds() throws IOException {
        Path copy = mutate("main.tf", "lambda_handler = \"" + BuildFacts.LAMBDA_HANDLER + "\"",
                "lambda_handler = \"io.rtda.Handler::handleRequest\"");
        assertViolation(copy, "handler is io.rtda.Handler::handleRequest, the Maven build's is");
    }

    @Test
    void shouldRejectHandlerPassedByOneCallOnly() throws IOException {
        Path copy = mutate("api.tf", "handler              = local.lambda_handler",
                "handler              = \"example.Handler::handleRequest\"");
        assertViolation(copy, "module \"http_function\" handler = \"example.Handler::handleRequest\"");
    }

    @Test
    void shouldRejectRuntimeOtherThanTheBuilds() throws IOException {
        Path copy = mutate("main.tf", "lambda_runtime = \"java21\"", "lambda_runtime = \"java17\"");
        assertViolation(copy, "runtime is java17, the Maven build targets java21");
    }

    @Test
    void shouldRejectArtifactThatIsNotTheBuildOutput() throws IOException {
        Path copy = mutate("variables.tf", "default     = \"../lambda/target/function.zip\"",
                "default     = \"../build/function.zip\"");
        assertViolation(copy, "filename ../build/function.zip resolves to");
    }

    @Test
    void shouldRejectFunctionWhoseHandlerCannotBeFollowed() throws IOException {
        Path copy = mutate("modules/quarkus_lambda/main.tf",
                "handler                        = var.image_uri == null ? var.handler : null",
                "handler                        = lower(var.handler)");
        assertViolation(copy, "handler = lower(var.handler): cannot be followed to a literal");
    }

    @Test
    void shouldRejectMappingWithoutBatchItemFailures() throws IOException {
        Path copy = mutate("main.tf", "  function_response_types = [\"ReportBatchItemFailures\"]\n\n  scaling_config",
                "  function_response_types = []\n\n  scaling_config");
        assertViolation(copy, "\"ingest_sqs\": function_response_types lacks \"ReportBatchItemFailures\"");
    }

    @Test
    void shouldRejectSqsMappingWhoseQueueHasNoRedrivePolicy() throws IOException {
        Path copy = mutate("main.tf", "  redrive_policy = jsonencode({", "  redrive_json = jsonencode({");
        assertViolation(copy, "\"ingest_sqs\": has no dead-letter queue");
    }

    @Test
    void shouldRejectKinesisMappingWithoutFailureDestination() throws IOException {
        Path copy = mutate("main.tf", "  destination_config {\n    on_failure {\n"
                + "      destination_arn = aws_sqs_queue.kinesis_failures[0].arn\n    }\n  }\n", "");
        assertViolation(copy, "\"ingest_kinesis\": has no dead-letter queue");
    }

    @Test
    void shouldRejectImageTagOtherThanTheProjectVersion() throws IOException {
        Path copy = mutate("variables.tf", "default     = \"" + facts.projectVersion() + "\"",
                "default     = \"latest\"");
        assertViolation(copy, "variable \"worker_image_tag\" defaults to latest");
    }

    @Test
    void shouldRejectImageNamesOtherThanTheBuilds() throws IOException {
        Path copy = mutate("main.tf", "image_names      = [\"rtda-functions\", \"rtda-worker\", \"rtda-lambda\"]",
                "image_names      = [\"rtda\", \"rtda-worker\", \"rtda-lambda\"]");
        assertViolation(copy, "local.image_names is [rtda, rtda-worker, rtda-lambda]");
    }

    @Test
    void shouldRejectWildcardAction() throws IOException {
        Path copy = mutate("main.tf", "actions   = [\"sqs:ReceiveMessage\", \"sqs:DeleteMessage\", "
                + "\"sqs:ChangeMessageVisibility\", \"sqs:GetQueueAttributes\"]", "actions   = [\"sqs:*\"]");
        assertViolation(copy, "statement ConsumeIngestQueue: wildcard action sqs:*");
    }

    @Test
    void shouldRejectScopableActionOnEveryResource() throws IOException {
        Path copy = mutate("workers.tf", "resources = [aws_secretsmanager_secret.broker.arn]", "resources = [\"*\"]");
        assertViolation(copy, "statement ReadBrokerCredentials: secretsmanager:GetSecretValue on resource \"*\"");
    }

    @Test
    void shouldRejectInlinePolicyOutsidePolicyDocuments() throws IOException {
        Path copy = mutate("workers.tf", "policy = data.aws_iam_policy_document.workers.json",
                "policy = jsonencode({ Statement = [] })");
        assertViolation(copy, "resource \"aws_iam_role_policy\" \"workers\": policy = jsonencode");
    }

    @Test
    void shouldRejectBroadManagedPolicy() throws IOException {
        Path copy = mutate("workers.tf", "policy/AmazonSSMManagedInstanceCore", "policy/AdministratorAccess");
        assertViolation(copy, "attaches \"arn:${data.aws_partition.current.partition}:iam::aws:policy/"
                + "AdministratorAccess\"");
    }

    @Test
    void shouldRejectTemplatePlaceholderThatIsNoVariable() throws IOException {
        Path copy = mutate("templates/worker-user-data.sh.tftpl", "echo \"$lib\" > /etc/OpenCL/vendors/nvidia.icd",
                "echo \"${lib}\" > /etc/OpenCL/vendors/nvidia.icd");
        assertViolation(copy, "placeholder ${lib} is not a variable passed to it");
    }

    @Test
    void shouldRejectTemplateVariableNeverUsed() throws IOException {
        Path copy = mutate("templates/worker-user-data.sh.tftpl", "RABBITMQ_HOST=${broker_host}\n", "");
        assertViolation(copy, "passes broker_host, which the template never uses");
    }

    private void assertViolation(Path copy, String expected) {
        BrokenCopy.assertViolation(new TerraformChecker(facts).check(copy), expected);
    }

    /** Copies terraform/ under tmp (tmp standing for the repository root) and replaces text in one file. */
    private Path mutate(String file, String from, String to) throws IOException {
        BrokenCopy.of(root, tmp, "terraform", file, from, to);
        return tmp;
    }

    private Path append(String file, String block) throws IOException {
        BrokenCopy.copy(root, tmp, "terraform");
        Path target = tmp.resolve("terraform").resolve(file);
        Files.writeString(target, Files.readString(target) + "\n" + block);
        return tmp;
    }
}
