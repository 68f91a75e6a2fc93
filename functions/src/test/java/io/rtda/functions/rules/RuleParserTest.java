package io.rtda.functions.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    private static Map<String, Object> doc(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<InvalidRuleException.Problem> problems(String id, Map<String, Object> doc) {
        return assertThrows(InvalidRuleException.class, () -> RuleParser.parse(id, doc)).problems();
    }

    @Test
    void shouldParseAThresholdRuleWithEveryOption() {
        Rule r = RuleParser.parse("hot", doc("streams", "sim.*", "tags", Map.of("site", "a"), "when", "p95 > 80",
                "clear", "p95 < 70", "for", "10s", "forEvaluations", 3, "keepFiringFor", "PT1M", "cooldown", "5m",
                "severity", "critical", "labels", Map.of("team", "ops"), "annotations", Map.of("s", "{stream}")));
        assertEquals(Rule.Kind.THRESHOLD, r.kind());
        assertEquals(Metric.P95, r.when().metric());
        assertEquals(Condition.Op.GT, r.when().op());
        assertEquals(10_000, r.policy().forMillis());
        assertEquals(3, r.policy().forEvaluations());
        assertEquals(60_000, r.policy().keepFiringForMillis());
        assertEquals(300_000, r.policy().cooldownMillis());
        assertEquals(Severity.CRITICAL, r.severity());
        assertTrue(r.selector().matches("sim.x", Map.of("site", "a")));
        assertTrue(!r.selector().matches("sim.x", Map.of("site", "b")));
        assertTrue(!r.selector().matches("other", Map.of("site", "a")));
    }

    @Test
    void shouldParseOutsideRangesAndTestBoundsExclusively() {
        Condition c = RuleParser.parse("r", doc("when", "value outside [10, 20]")).when();
        assertTrue(c.test(9.9) && c.test(20.1));
        assertTrue(!c.test(10) && !c.test(20) && !c.test(Double.NaN));
    }

    @Test
    void shouldNameEveryBadFieldWithItsFix() {
        List<InvalidRuleException.Problem> p = problems("bad", doc("when", "p97 > 80", "for", "ten seconds",
                "severity", "urgent", "valeu", 1, "forEvaluations", 0));
        Map<String, String> byField = new LinkedHashMap<>();
        p.forEach(x -> byField.put(x.field(), x.message()));
        assertTrue(byField.get("when").contains("unknown metric 'p97'"), byField.toString());
        assertTrue(byField.get("for").contains("\"30s\""), byField.toString());
        assertTrue(byField.get("severity").contains("info, warning, critical"), byField.toString());
        assertTrue(byField.get("valeu").contains("is not a rule field"), byField.toString());
        assertTrue(byField.get("forEvaluations").contains("whole number"), byField.toString());
    }

    @Test
    void shouldRefuseRulesWithoutExactlyOneKind() {
        assertEquals("when", problems("r", doc("streams", "*")).get(0).field());
        assertTrue(problems("r", doc("when", "value > 1", "absentFor", "10s")).get(0).message()
                .contains("exactly one of when"));
    }

    @Test
    void shouldRefuseHysteresisOnAnotherMetricAndReversedRanges() {
        assertEquals("clear", problems("r", doc("when", "p95 > 80", "clear", "mean < 70")).get(0).field());
        assertTrue(problems("r", doc("when", "value outside [20, 10]")).get(0).message().contains("lower bound"));
    }

    @Test
    void shouldRefuseAnIdThatDiffersFromTheUrl() {
        InvalidRuleException.Problem p = problems("a", doc("id", "b", "when", "value > 1")).get(0);
        assertEquals("id", p.field());
        assertTrue(p.message().contains("URL names 'a'"));
    }

    @Test
    void shouldParseSequenceAndAbsenceRules() {
        Rule seq = RuleParser.parse("s", doc("sequence", Map.of("first", "value > 10", "then", "value < 0",
                "within", "30s")));
        assertEquals(Rule.Kind.SEQUENCE, seq.kind());
        assertEquals(30_000, seq.withinMillis());
        Rule abs = RuleParser.parse("a", doc("absentFor", "2m", "expected", List.of("x", "y")));
        assertEquals(120_000, abs.absentForMillis());
        assertEquals(List.of("x", "y"), abs.expected());
        assertEquals("sequence.within", problems("s", doc("sequence", Map.of("first", "value > 1", "then",
                "value < 0"))).get(0).field());
        assertEquals("expected[1]", problems("a", doc("absentFor", "1m", "expected", List.of("ok", "bad id")))
                .get(0).field());
    }
}
