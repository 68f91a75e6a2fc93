package io.rtda.infra.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text helpers the Terraform checks rely on where hcl4j's evaluated maps lose the source. */
class HclTest {

    @Test
    void shouldStripCommentsButNotHashesInStrings() {
        String text = "a = \"x#y\" # trailing\n// line\nb = 1 /* block\n spanning */ c = \"//not\"\n";
        assertEquals("a = \"x#y\" \n\nb = 1  c = \"//not\"\n", Hcl.stripComments(text));
    }

    @Test
    void shouldKeepEscapedQuotesInsideStrings() {
        String text = "a = \"say \\\"#hi\\\"\" # gone\n";
        assertEquals("a = \"say \\\"#hi\\\"\" \n", Hcl.stripComments(text));
    }

    @Test
    void shouldFindTheClosingBraceIgnoringBracesInStrings() {
        String text = "x { a = \"}\" b { c = 1 } }";
        assertEquals(text.length() - 1, Hcl.blockEnd(text, text.indexOf('{')));
    }

    @Test
    void shouldBlankNestedBlocksButKeepMapAttributes() {
        String body = "\n  handler = var.handler\n  environment {\n    handler = \"inner\"\n  }\n  tags = {\n"
                + "    Name = \"n\"\n  }\n";
        String top = Hcl.topLevel(body);
        assertTrue(top.contains("handler = var.handler"), top);
        assertFalse(top.contains("inner"), top);
        assertTrue(top.contains("Name = \"n\""), top);
        assertEquals(body.length(), top.length(), "offsets are kept");
    }
}
