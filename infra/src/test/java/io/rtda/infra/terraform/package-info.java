/**
 * Terraform checks without Terraform: {@link io.rtda.infra.terraform.TerraformModule} reads one module
 * directory with hcl4j (structure) and as comment-free text (expressions hcl4j evaluates away);
 * {@link io.rtda.infra.terraform.TerraformChecker} holds the root module and the local modules it calls to
 * the rules of issue 8; {@link io.rtda.infra.terraform.VariablesTable} renders the README's variables table.
 */
package io.rtda.infra.terraform;
