package io.rtda.infra.terraform;

import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code terraform/} (the root module and the local modules it calls) against the rules of issue 8
 * and the Maven build. Each violation is one line naming the module directory, the block and what to fix;
 * an empty list means the configuration passes. Rules:
 * <ul>
 *   <li>every variable has a type and a non-blank description; every number variable a validation block;</li>
 *   <li>every {@code var.}, {@code local.}, {@code module.} (and module output), {@code data.} and resource
 *       reference names something declared in that module;</li>
 *   <li>every {@code aws_lambda_function}'s handler and runtime, followed through module arguments, locals
 *       and variable defaults, equal {@link BuildFacts#LAMBDA_HANDLER} and {@link BuildFacts#LAMBDA_RUNTIME},
 *       and its {@code filename} is the build's {@link BuildFacts#LAMBDA_ARTIFACT};</li>
 *   <li>every event source mapping reports batch item failures and has a dead-letter queue: an on-failure
 *       destination, or an SQS source queue with a redrive policy;</li>
 *   <li>every {@code templatefile()} names an existing template whose {@code ${...}} placeholders are exactly
 *       variables passed in its map (Terraform would fail at plan on anything else; shell code in a template
 *       must write {@code $name} or {@code $${name}});</li>
 *   <li>IAM is least privilege: no wildcard actions; {@code "*"} resources only for the few actions AWS offers
 *       no resource-level permission for; role policies come from policy documents; managed policies only
 *       from an allow-list;</li>
 *   <li>the ECR image names are the build's, and the worker image tag defaults to the project version.</li>
 * </ul>
 * Stateless; not thread-safe only in that {@link #check} builds its own state per call.
 */
public final class TerraformChecker {

    private static final String NAME = "([A-Za-z_][A-Za-z0-9_-]*)";
    private static final Pattern VAR_REF = Pattern.compile("(?<![\\w./-])var\\." + NAME);
    private static final Pattern LOCAL_REF = Pattern.compile("(?<![\\w./-])local\\." + NAME);
    private static final Pattern MODULE_REF =
            Pattern.compile("(?<![\\w./-])module\\." + NAME + "(?:\\[[^\\]]*\\])?(?:\\.([A-Za-z_][A-Za-z0-9_]*))?");
    private static final Pattern DATA_REF = Pattern.compile("(?<![\\w./-])data\\.([a-z][a-z0-9_]*)\\." + NAME);
    private static final Pattern RESOURCE_REF =
            Pattern.compile("(?<![\\w.\"/-])((?:aws|random)_[a-z0-9_]+)\\." + NAME);
    private static final Pattern SQS_ARN = Pattern.compile("^aws_sqs_queue\\." + NAME + "(?:\\[\\d+\\])?\\.arn$");
    private static final String BATCH_ITEM_FAILURES = "ReportBatchItemFailures";
    /** Actions without resource-level permissions, so {@code "*"} is their narrowest resource. */
    static final Set<String> UNSCOPABLE_ACTIONS = Set.of("ecr:GetAuthorizationToken", "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");
    /** AWS managed policies a role may attach (Session Manager access for the workers instead of SSH). */
    static final Set<String> MANAGED_POLICIES = Set.of("AmazonSSMManagedInstanceCore");
    private static final Pattern TEMPLATEFILE = Pattern.compile(
            "templatefile\\(\"\\$\\{path\\.module}/([^\"]+)\",\\s*\\{(.*?)\\n\\s*}\\)", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}");
    private static final Pattern POLICY_DOCUMENT =
            Pattern.compile("^data\\.aws_iam_policy_document\\.[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+\\])?\\.json$");

    private final BuildFacts facts;

    /** A literal an expression resolved to, and the chain of expressions that led there. */
    private record Resolved(String value, String via) {
    }

    public TerraformChecker(BuildFacts facts) {
        this.facts = facts;
    }

    /** Checks {@code repoRoot/terraform} and its local modules; the Lambda artifact is resolved under repoRoot. */
    public List<String> check(Path repoRoot) {
        Path tfDir = repoRoot.resolve("terraform");
        TerraformModule root = TerraformModule.load(tfDir);
        Map<String, TerraformModule> calls = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        for (String call : root.blocks("module").keySet()) {
            Object source = root.block("module", call).get("source");
            if (source instanceof String s && (s.startsWith("./") || s.startsWith("../"))) {
                calls.put(call, TerraformModule.load(tfDir.resolve(s).normalize()));
            } else {
                violations.add(where(root) + "module \"" + call + "\": source " + source
                        + " is not a local module; only local modules can be checked here");
            }
        }
        List<TerraformModule> modules = new ArrayList<>();
        modules.add(root);
        calls.values().stream().filter(m -> modules.stream().noneMatch(x -> x.dir().equals(m.dir())))
                .forEach(modules::add);
        for (TerraformModule module : modules) {
            checkVariables(module, violations);
            checkReferences(module, module == root ? calls : Map.of(), violations);
            checkLambdas(module, root, calls, repoRoot, violations);
            checkEventSourceMappings(module, violations);
            checkIam(module, violations);
            checkTemplates(module, violations);
        }
        checkImages(root, violations);
        return violations;
    }

    private static String where(TerraformModule module) {
        return module.dir().getFileName() + ": ";
    }

    private void checkVariables(TerraformModule module, List<String> violations) {
        for (String name : module.blocks("variable").keySet()) {
            Map<String, Object> v = module.block("variable", name);
            if (!v.containsKey("type")) {
                violations.add(where(module) + "variable \"" + name + "\" has no type: add type = <constraint>");
            }
            if (!(v.get("description") instanceof String d) || d.isBlank()) {
                violations.add(where(module) + "variable \"" + name + "\" has no description: say what it sets");
            }
            if (String.valueOf(v.get("type")).endsWith(":number") && !v.containsKey("validation")) {
                violations.add(where(module) + "variable \"" + name
                        + "\" is a number without a validation block: state its range");
            }
        }
    }

    private void checkReferences(TerraformModule module, Map<String, TerraformModule> calls,
            List<String> violations) {
        Set<String> resources = declared(module, "resource");
        Set<String> data = declared(module, "data");
        for (Map.Entry<Path, String> file : module.texts().entrySet()) {
            String text = file.getValue();
            String at = module.dir().getFileName() + "/" + file.getKey().getFileName() + ": ";
            unknown(VAR_REF, text, m -> module.blocks("variable").containsKey(m.group(1)), at, "variable", violations);
            unknown(LOCAL_REF, text, m -> module.blocks("locals").containsKey(m.group(1)), at, "local", violations);
            unknown(DATA_REF, text, m -> data.contains(m.group(1) + "." + m.group(2)), at, "data source",
                    violations);
            unknown(RESOURCE_REF, text, m -> resources.contains(m.group(1) + "." + m.group(2)), at, "resource",
                    violations);
            unknown(MODULE_REF, text, m -> module.blocks("module").containsKey(m.group(1)), at, "module",
                    violations);
            Matcher m = MODULE_REF.matcher(text);
            while (m.find()) {
                TerraformModule called = calls.get(m.group(1));
                if (called != null && m.group(2) != null && !called.blocks("output").containsKey(m.group(2))) {
                    violations.add(at + "reference " + m.group() + ": module " + called.dir().getFileName()
                            + " has no output \"" + m.group(2) + "\"");
                }
            }
        }
    }

    private static Set<String> declared(TerraformModule module, String kind) {
        Set<String> names = new TreeSet<>();
        for (String type : module.blocks(kind).keySet()) {
            for (String name : module.typed(kind, type).keySet()) {
                names.add(type + "." + name);
            }
        }
        return names;
    }

    private interface Declared {
        boolean test(Matcher m);
    }

    private static void unknown(Pattern pattern, String text, Declared declared, String at, String what,
            List<String> violations) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (!declared.test(m)) {
                violations.add(at + "reference " + m.group() + " points at no declared " + what);
            }
        }
    }

    private void checkLambdas(TerraformModule module, TerraformModule root, Map<String, TerraformModule> calls,
            Path repoRoot, List<String> violations) {
        Path artifact = repoRoot.resolve(BuildFacts.LAMBDA_ARTIFACT).normalize();
        for (String name : module.typed("resource", "aws_lambda_function").keySet()) {
            String header = "resource \"aws_lambda_function\" \"" + name + "\"";
            String at = where(module) + header + ": ";
            for (Resolved r : resolveAttribute(module, root, calls, header, "handler", at, violations)) {
                if (!BuildFacts.LAMBDA_HANDLER.equals(r.value())) {
                    violations.add(at + "handler is " + r.value() + ", the Maven build's is "
                            + BuildFacts.LAMBDA_HANDLER + " (" + r.via() + ")");
                }
            }
            for (Resolved r : resolveAttribute(module, root, calls, header, "runtime", at, violations)) {
                if (!BuildFacts.LAMBDA_RUNTIME.equals(r.value())) {
                    violations.add(at + "runtime is " + r.value() + ", the Maven build targets "
                            + BuildFacts.LAMBDA_RUNTIME + " (maven.compiler.release " + facts.javaRelease() + "; "
                            + r.via() + ")");
                }
            }
            for (Resolved r : resolveAttribute(module, root, calls, header, "filename", at, violations)) {
                Path path = toPath(r.value(), module, root);
                if (!path.equals(artifact)) {
                    violations.add(at + "filename " + r.value() + " resolves to " + path
                            + ", not the build's output " + BuildFacts.LAMBDA_ARTIFACT + " (" + r.via() + ")");
                }
            }
        }
    }

    /** Terraform resolves relative paths against the working directory, the root module's. */
    private static Path toPath(String value, TerraformModule module, TerraformModule root) {
        if (value.startsWith("path.module/")) {
            return module.dir().resolve(value.substring("path.module/".length())).normalize();
        }
        if (value.startsWith("path.root/")) {
            return root.dir().resolve(value.substring("path.root/".length())).normalize();
        }
        return root.dir().resolve(value).normalize();
    }

    private List<Resolved> resolveAttribute(TerraformModule module, TerraformModule root,
            Map<String, TerraformModule> calls, String header, String attribute, String at, List<String> violations) {
        Optional<String> expression = module.expression(header, attribute);
        if (expression.isEmpty()) {
            violations.add(at + "has no " + attribute);
            return List.of();
        }
        return resolve(module, root, calls, expression.get(), attribute + " = " + expression.get(), violations);
    }

    /** Follows an expression to its literal values: one per module call when it is a module variable. */
    private List<Resolved> resolve(TerraformModule module, TerraformModule root, Map<String, TerraformModule> calls,
            String expression, String via, List<String> violations) {
        String e = expression.strip().replace("${path.module}", "path.module").replace("${path.root}", "path.root");
        if (e.matches("\"[^\"$]*\"")) {
            return List.of(new Resolved(e.substring(1, e.length() - 1), via));
        }
        // "cond ? value : null": the value where the attribute applies (null leaves it to another setting, e.g.
        // a container image instead of the zip)
        Matcher optional = Pattern.compile("^[^?\"]+\\?\\s*(.+?)\\s*:\\s*null$").matcher(e);
        if (optional.matches()) {
            return resolve(module, root, calls, optional.group(1), via, violations);
        }
        Matcher local = Pattern.compile("^local\\." + NAME + "$").matcher(e);
        if (local.matches() && module.blocks("locals").get(local.group(1)) instanceof String value) {
            return List.of(new Resolved(value, via));
        }
        Matcher variable = Pattern.compile("^var\\." + NAME + "$").matcher(e);
        if (variable.matches() && module == root) {
            Object value = module.block("variable", variable.group(1)).get("default");
            if (value instanceof String s) {
                return List.of(new Resolved(s, via + " <- variable default"));
            }
        } else if (variable.matches()) {
            List<Resolved> values = new ArrayList<>();
            calls.forEach((call, called) -> {
                if (called.dir().equals(module.dir())) {
                    String callHeader = "module \"" + call + "\"";
                    String arg = root.expression(callHeader, variable.group(1)).orElse(null);
                    if (arg == null) {
                        violations.add(where(module) + via + ": " + callHeader + " does not pass " + variable.group(1));
                    } else {
                        values.addAll(resolve(root, root, calls, arg, via + " <- " + callHeader + " "
                                + variable.group(1) + " = " + arg, violations));
                    }
                }
            });
            return values;
        }
        violations.add(where(module) + via + ": cannot be followed to a literal (use a string, a local or a "
                + "variable default)");
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private void checkEventSourceMappings(TerraformModule module, List<String> violations) {
        Map<String, Map<String, Object>> queues = module.typed("resource", "aws_sqs_queue");
        for (Map.Entry<String, Map<String, Object>> e : module.typed("resource", "aws_lambda_event_source_mapping")
                .entrySet()) {
            String header = "resource \"aws_lambda_event_source_mapping\" \"" + e.getKey() + "\"";
            String at = where(module) + header + ": ";
            Object types = e.getValue().get("function_response_types");
            if (!(types instanceof List<?> list) || !list.contains(BATCH_ITEM_FAILURES)) {
                violations.add(at + "function_response_types lacks \"" + BATCH_ITEM_FAILURES
                        + "\": one bad record would retry the whole batch");
            }
            boolean onFailure = e.getValue().get("destination_config") instanceof Map<?, ?> d
                    && d.get("on_failure") instanceof Map<?, ?> f && f.containsKey("destination_arn");
            String source = module.expression(header, "event_source_arn").orElse("");
            Matcher sqs = SQS_ARN.matcher(source);
            boolean redrive = sqs.matches() && queues.containsKey(sqs.group(1))
                    && module.expression("resource \"aws_sqs_queue\" \"" + sqs.group(1) + "\"", "redrive_policy")
                    .isPresent();
            if (!onFailure && !redrive) {
                violations.add(at + "has no dead-letter queue: give its SQS source queue a redrive_policy or the "
                        + "mapping a destination_config { on_failure { destination_arn } }");
            }
        }
    }

    private void checkTemplates(TerraformModule module, List<String> violations) {
        for (String text : module.texts().values()) {
            Matcher call = TEMPLATEFILE.matcher(text);
            while (call.find()) {
                Path template = module.dir().resolve(call.group(1));
                String at = where(module) + "templatefile(" + call.group(1) + "): ";
                Set<String> passed = new TreeSet<>();
                Matcher key = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=").matcher(call.group(2));
                while (key.find()) {
                    passed.add(key.group(1));
                }
                String body;
                try {
                    body = Files.readString(template);
                } catch (IOException e) {
                    violations.add(at + "template not readable: " + e.getMessage());
                    continue;
                }
                Set<String> used = new TreeSet<>();
                Matcher placeholder = PLACEHOLDER.matcher(body);
                while (placeholder.find()) {
                    String name = placeholder.group(1).strip();
                    used.add(name);
                    if (!passed.contains(name)) {
                        violations.add(at + "placeholder ${" + placeholder.group(1) + "} is not a variable passed to "
                                + "it " + passed + " (shell variables: write $name or $${name})");
                    }
                }
                passed.stream().filter(name -> !used.contains(name))
                        .forEach(name -> violations.add(at + "passes " + name + ", which the template never uses"));
            }
        }
    }

    private void checkIam(TerraformModule module, List<String> violations) {
        for (Map.Entry<String, Map<String, Object>> doc : module.typed("data", "aws_iam_policy_document").entrySet()) {
            String at = where(module) + "data \"aws_iam_policy_document\" \"" + doc.getKey() + "\": ";
            Object statements = doc.getValue().get("statement");
            List<?> list = statements instanceof List<?> l ? l : statements == null ? List.of() : List.of(statements);
            for (Object statement : list) {
                if (!(statement instanceof Map<?, ?> st)) {
                    continue;
                }
                List<?> actions = st.get("actions") instanceof List<?> a ? a : List.of();
                List<?> resources = st.get("resources") instanceof List<?> r ? r : List.of();
                String sid = st.get("sid") == null ? "" : "statement " + st.get("sid") + ": ";
                for (Object action : actions) {
                    if (action.equals("*") || String.valueOf(action).endsWith(":*")) {
                        violations.add(at + sid + "wildcard action " + action + ": name the actions it needs");
                    } else if (resources.contains("*") && !UNSCOPABLE_ACTIONS.contains(String.valueOf(action))) {
                        violations.add(at + sid + action + " on resource \"*\": scope it to the ARNs it needs");
                    }
                }
            }
        }
        for (String name : module.typed("resource", "aws_iam_role_policy").keySet()) {
            String header = "resource \"aws_iam_role_policy\" \"" + name + "\"";
            String policy = module.expression(header, "policy").orElse("");
            if (!POLICY_DOCUMENT.matcher(policy).matches()) {
                violations.add(where(module) + header + ": policy = " + policy + " is not a "
                        + "data.aws_iam_policy_document, which this check reads for least privilege");
            }
        }
        for (String name : module.typed("resource", "aws_iam_role_policy_attachment").keySet()) {
            String header = "resource \"aws_iam_role_policy_attachment\" \"" + name + "\"";
            String arn = module.expression(header, "policy_arn").orElse("");
            String policyName = arn.replaceAll("\"$", "").replaceAll("^.*policy/", "");
            if (!arn.contains(":iam::aws:policy/") || !MANAGED_POLICIES.contains(policyName)) {
                violations.add(where(module) + header + ": attaches " + arn + "; allowed managed policies are "
                        + MANAGED_POLICIES + " (write a policy document for anything else)");
            }
        }
    }

    private void checkImages(TerraformModule root, List<String> violations) {
        Object images = root.blocks("locals").get("image_names");
        List<String> expected = List.of(BuildFacts.FRONT_IMAGE, BuildFacts.WORKER_IMAGE, BuildFacts.LAMBDA_IMAGE);
        if (!expected.equals(images)) {
            violations.add(where(root) + "local.image_names is " + images + ", the images built by "
                    + "infra/container/build-images.sh are " + expected);
        }
        Object tag = root.block("variable", "worker_image_tag").get("default");
        if (!facts.projectVersion().equals(tag)) {
            violations.add(where(root) + "variable \"worker_image_tag\" defaults to " + tag
                    + ", the build tags images with the project version " + facts.projectVersion());
        }
    }
}
