package io.rtda.infra.terraform;

import java.util.Map;
import java.util.Optional;

/**
 * The Markdown table of a module's variables (name, type, default, description) as terraform/README.md
 * carries it between {@link #BEGIN} and {@link #END}, rendered from the source so the README cannot drift
 * from variables.tf. Types and defaults are shown as written; a variable without a default is "required".
 */
public final class VariablesTable {

    public static final String BEGIN =
            "<!-- variables:begin (generated from variables.tf; VariablesTableTest checks it) -->";
    public static final String END = "<!-- variables:end -->";

    private VariablesTable() {
    }

    /** The table for every variable of {@code module}, in declaration order. */
    public static String render(TerraformModule module) {
        StringBuilder table = new StringBuilder("| variable | type | default | description |\n|---|---|---|---|\n");
        for (String header : module.headers("variable")) {
            String name = header.substring(header.indexOf('"') + 1, header.lastIndexOf('"'));
            Map<String, Object> v = module.block("variable", name);
            String type = module.expression(header, "type").orElse("(none)");
            String value = module.expression(header, "default").map(d -> "`" + d + "`").orElse("required");
            String description = String.valueOf(v.get("description"));
            if (Boolean.TRUE.equals(v.get("sensitive"))) {
                description += " Sensitive.";
            }
            table.append("| `").append(name).append("` | `").append(type).append("` | ")
                    .append(value.replace("|", "\\|")).append(" | ").append(description.replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Empty when {@code readme} carries exactly the rendered table between the markers, else what to do. */
    public static Optional<String> staleness(String readme, TerraformModule module) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        String expected = render(module);
        if (begin < 0 || end < begin) {
            return Optional.of("README has no " + BEGIN + " ... " + END + " section; add it with:\n" + expected);
        }
        String actual = readme.substring(begin + BEGIN.length(), end).strip() + "\n";
        return actual.equals(expected) ? Optional.empty()
                : Optional.of("README's variables table differs from variables.tf; replace it with:\n" + expected);
    }
}
