package io.rtda.infra.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.infra.build.BuildFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** terraform/README.md's variables table is the one variables.tf renders, and a stale table is caught. */
class VariablesTableTest {

    private final Path root = BuildFacts.repositoryRoot();

    @TempDir
    Path tmp;

    @Test
    void shouldMatchTheReadmeTable() throws IOException {
        String readme = Files.readString(root.resolve("terraform/README.md"));
        Optional<String> stale = VariablesTable.staleness(readme, TerraformModule.load(root.resolve("terraform")));
        assertEquals(Optional.empty(), stale);
    }

    @Test
    void shouldListEveryVariableWithItsTypeAndDefault() {
        TerraformModule module = TerraformModule.load(root.resolve("terraform"));
        String table = VariablesTable.render(module);
        assertEquals(module.blocks("variable").size() + 2, table.lines().count(), table);
        assertTrue(table.contains("| `lambda_zip_path` | `string` | `\"../lambda/target/function.zip\"` |"), table);
        assertTrue(table.contains("| `api_key_digests` | `list(string)` | required |"), table);
    }

    @Test
    void shouldCatchAVariableMissingFromTheReadme() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("terraform"));
        Files.copy(root.resolve("terraform/variables.tf"), dir.resolve("variables.tf"));
        Files.writeString(dir.resolve("variables.tf"), Files.readString(dir.resolve("variables.tf"))
                + "\nvariable \"extra\" {\n  type        = string\n  description = \"new\"\n}\n");
        String readme = Files.readString(root.resolve("terraform/README.md"));
        Optional<String> stale = VariablesTable.staleness(readme, TerraformModule.load(dir));
        assertTrue(stale.isPresent() && stale.get().contains("| `extra` | `string` | required | new |"),
                "a new variable must make the README stale: " + stale);
    }

    @Test
    void shouldCatchAReadmeWithoutTheTable() {
        TerraformModule module = TerraformModule.load(root.resolve("terraform"));
        Optional<String> stale = VariablesTable.staleness("# Terraform\n", module);
        assertTrue(stale.isPresent() && stale.get().startsWith("README has no"), String.valueOf(stale));
    }
}
