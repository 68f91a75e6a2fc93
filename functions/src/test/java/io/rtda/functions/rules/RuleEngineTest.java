package io.rtda.functions.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.ingest.StreamSnapshot;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.models.score.AnomalyScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final RuleEngine engine = new RuleEngine(clock::get);
    private final Snapshots snaps = new Snapshots();
    private final List<AlertTransition> heard = new ArrayList<>();

    RuleEngineTest() {
        engine.addListener(heard::add);
    }

    private static Rule rule(String id, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return RuleParser.parse(id, m);
    }

    /** Advances the clock by {@code ms} and feeds one value. */
    private List<AlertTransition> feed(String stream, long ms, double value) {
        long now = clock.addAndGet(ms);
        return engine.evaluate(snaps.of(stream, now, value));
    }

    private List<String> states() {
        return heard.stream().map(t -> t.alertId() + ":" + t.to().wire()).toList();
    }

    @Test
    void shouldEvaluateTheSpikeVerdictOfABatchWhoseSnapshotArrivesAfterANewerOnes() {
        Rule spike = rule("spike", "streams", "s", "when", "score > 0.5");
        engine.put(spike);
        StreamSnapshot<AnomalyScore> withSpike = snaps.of("s", clock.get(), 150); // batch A: verdict 0.999
        StreamSnapshot<AnomalyScore> after = snaps.of("s", clock.get() + 5, 10); // batch B, applied after A
        engine.evaluate(after); // B's rules ran first
        assertEquals(List.of(), states());
        engine.evaluate(withSpike);
        assertEquals(List.of("spike/s:firing"), states(), "A's spike is evaluated, on B's statistics");
        AlertTransition fired = heard.get(0);
        assertEquals(10.0, fired.metrics().get("last"), "the newest statistics stay");
        assertEquals(0.999, fired.expectation().score());
        engine.evaluate(withSpike);
        assertEquals(1, heard.size(), "the same late snapshot again changes nothing");
        StreamSnapshot<AnomalyScore> older = snaps.of("s", clock.get() - 5, 20);
        StreamSnapshot<AnomalyScore> calm = new StreamSnapshot<>("s", older.updatedAt(), 1, older.stats(),
                older.analysis(), older.tags());
        engine.evaluate(calm);
        assertEquals(0.999, engine.status(spike, "s").get(0).value(), "an older, calmer snapshot is refused");
    }

    @Test
    void shouldNotEvaluateALateVerdictOnASequenceRuleNorAgainOnAReadingAlreadyJudged() {
        engine.put(rule("seq", "streams", "s", "sequence", Map.of("first", "value > 100", "then", "score > 0.5",
                "within", "10s")));
        engine.put(rule("spike", "streams", "s", "when", "score > 0.5"));
        StreamSnapshot<AnomalyScore> a = withScore(snaps.of("s", clock.get(), 5), 0.999); // batch A: a judged dip
        StreamSnapshot<AnomalyScore> b = withScore(snaps.of("s", clock.get() + 1, 150), 0.1); // batch B, after A
        engine.evaluate(b); // B's rules ran first: its value arms the sequence
        clock.addAndGet(100);
        engine.evaluate(a); // A's verdict came before B's value: the sequence must not complete on it
        assertEquals(List.of("spike/s:firing"), states());

        // A later batch resolves the spike; a late batch repeating A's verdict (same reading) does not re-fire it.
        StreamSnapshot<AnomalyScore> repeat = new StreamSnapshot<>("s", a.updatedAt(), b.readings() + 1,
                a.stats(), a.analysis(), a.tags());
        engine.evaluate(withScore(snaps.of("s", clock.get() + 2, 20), 0.1));
        engine.evaluate(withScore(snaps.of("s", clock.get() + 3, 20), 0.1));
        assertEquals(List.of("spike/s:firing", "spike/s:resolved"), states());
        engine.evaluate(repeat);
        assertEquals(List.of("spike/s:firing", "spike/s:resolved"), states(), "a verdict already heard");
    }

    private static StreamSnapshot<AnomalyScore> withScore(StreamSnapshot<AnomalyScore> s, double score) {
        return new StreamSnapshot<>(s.stream(), s.updatedAt(), s.readings(), s.stats(), new AnomalyScore("robust-z",
                score, 50, 40, 60, io.rtda.models.score.Direction.BELOW, 1), s.tags());
    }

    @Test
    void shouldResolveAlertOnlyBelowClearThreshold() {
        engine.put(rule("hot", "when", "value > 80", "clear", "value < 70"));
        double[] values = {85, 75, 81, 79, 72, 71, 69, 75, 79};
        for (double v : values) {
            feed("s1", 1000, v);
        }
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved"), states());
        AlertTransition fired = heard.get(0);
        assertEquals(1, fired.sequence());
        assertEquals(85, fired.value());
        assertEquals(50, fired.expectation().expected());
        assertEquals("above", fired.expectation().direction());
        assertEquals(85.0, fired.metrics().get("last"));
        assertTrue(heard.get(1).reason().contains("value < 70"), heard.get(1).reason());
    }

    @Test
    void shouldExplainHysteresisWhileFiring() {
        Rule r = rule("hot", "when", "value > 80", "clear", "value < 70");
        engine.put(r);
        feed("s1", 1000, 85);
        feed("s1", 1000, 75);
        RuleStatus st = engine.status(r, "s1").get(0);
        assertEquals("firing", st.state());
        assertTrue(st.suppression().startsWith("hysteresis"), st.suppression());
        assertEquals(75, st.value());
    }

    @Test
    void shouldFireOnlyAfterForDurationAndEvaluations() {
        Rule r = rule("hot", "when", "value > 80", "for", "10s", "forEvaluations", 3);
        engine.put(r);
        feed("s1", 0, 90);
        assertEquals(List.of("hot/s1:pending"), states());
        feed("s1", 4000, 90);
        RuleStatus st = engine.status(r, "s1").get(0);
        assertEquals(6000, st.pendingLeftMillis());
        assertEquals(1, st.evaluationsLeft());
        feed("s1", 7000, 90);
        assertEquals(List.of("hot/s1:pending", "hot/s1:firing"), states());
    }

    @Test
    void shouldCancelPendingWhenConditionStopsBeforeFor() {
        engine.put(rule("hot", "when", "value > 80", "for", "10s"));
        feed("s1", 0, 90);
        feed("s1", 5000, 50);
        assertEquals(List.of("hot/s1:pending", "hot/s1:resolved"), states());
        assertTrue(heard.get(1).reason().contains("before 'for' elapsed"));
    }

    @Test
    void shouldKeepFiringForAfterConditionClears() {
        engine.put(rule("hot", "when", "value > 80", "keepFiringFor", "5s"));
        feed("s1", 0, 90);
        feed("s1", 1000, 50);
        feed("s1", 3000, 50);
        assertEquals(List.of("hot/s1:firing"), states());
        feed("s1", 1000, 50);
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved"), states());
    }

    @Test
    void shouldSuppressRefiringDuringCooldown() {
        Rule r = rule("hot", "when", "value > 80", "cooldown", "30s");
        engine.put(r);
        feed("s1", 0, 90);
        feed("s1", 1000, 50);
        feed("s1", 1000, 95);
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved"), states());
        assertTrue(engine.status(r, "s1").get(0).suppression().startsWith("cooldown"));
        feed("s1", 30_000, 95);
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved", "hot/s1:firing"), states());
        assertEquals(3, heard.get(2).sequence());
    }

    @Test
    void shouldFireAbsenceOnlyForTheSilentStreamAmongMany() {
        engine.put(rule("quiet", "streams", "sim.*", "absentFor", "30s"));
        for (int i = 0; i < 10; i++) {
            feed("sim." + i, 0, 1);
        }
        for (int sec = 0; sec < 40; sec += 5) {
            clock.addAndGet(5000);
            for (int i = 0; i < 10; i++) {
                if (i != 7) {
                    engine.evaluate(snaps.of("sim." + i, clock.get(), 1));
                }
            }
            engine.tick();
        }
        assertEquals(List.of("quiet/sim.7:firing"), states());
        assertTrue(heard.get(0).reason().startsWith("no reading for"), heard.get(0).reason());
        feed("sim.7", 1000, 1);
        assertEquals(List.of("quiet/sim.7:firing", "quiet/sim.7:resolved"), states());
    }

    @Test
    void shouldFireAbsenceForAnExpectedStreamNeverSeen() {
        engine.put(rule("quiet", "streams", "none", "absentFor", "10s", "expected", List.of("gateway-1")));
        engine.tick();
        clock.addAndGet(10_000);
        engine.tick();
        assertEquals(List.of("quiet/gateway-1:firing"), states());
    }

    @Test
    void shouldFireSequenceOnlyWhenBFollowsAWithinTheWindow() {
        engine.put(rule("seq", "sequence", Map.of("first", "value > 100", "then", "value < 0", "within", "10s"),
                "keepFiringFor", "1m"));
        feed("s1", 0, 150);
        feed("s1", 20_000, -5);
        assertEquals(List.of(), states());
        feed("s1", 1000, 150);
        feed("s1", 3000, 50);
        feed("s1", 3000, -5);
        assertEquals(List.of("seq/s1:firing"), states());
    }

    @Test
    void shouldKeepAlertStateAcrossHotReloadAndResolveOnDelete() {
        engine.put(rule("hot", "when", "value > 80"));
        feed("s1", 1000, 90);
        engine.put(rule("hot", "when", "value > 85", "severity", "critical"));
        feed("s1", 1000, 88);
        assertEquals(List.of("hot/s1:firing"), states());
        engine.put(rule("hot", "when", "value > 95"));
        feed("s1", 1000, 88);
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved"), states());
        feed("s1", 1000, 99);
        engine.remove("hot");
        assertEquals(List.of("hot/s1:firing", "hot/s1:resolved", "hot/s1:firing", "hot/s1:resolved"), states());
        assertEquals("rule deleted", heard.get(3).reason());
        assertEquals(4, heard.get(3).sequence());
    }

    @Test
    void shouldResolveWhenAReloadNoLongerSelectsTheStream() {
        engine.put(rule("hot", "streams", "a*", "when", "value > 80"));
        feed("a1", 1000, 90);
        engine.replaceAll(List.of(rule("hot", "streams", "b*", "when", "value > 80")));
        assertEquals(List.of("hot/a1:firing", "hot/a1:resolved"), states());
        assertEquals(List.of(), engine.alerts(AlertState.FIRING));
        assertEquals(List.of(), engine.alerts(null), "an alert of a rule that no longer selects the stream is dropped");
    }

    @Test
    void shouldFireOnRateOfChangeAndZ() {
        engine.put(rule("jump", "when", "rate > 10"));
        feed("s1", 1000, 10);
        feed("s1", 1000, 12);
        feed("s1", 1000, 40);
        assertEquals(List.of("jump/s1:firing"), states());
        assertEquals(28, heard.get(0).value(), 1e-9);
    }

    @Test
    void shouldNotifyOtherListenersWhenOneThrows() {
        engine.addListener(t -> {
            throw new IllegalStateException("boom");
        });
        List<AlertTransition> second = new ArrayList<>();
        engine.addListener(second::add);
        engine.put(rule("hot", "when", "value > 80"));
        feed("s1", 1000, 90);
        assertEquals(1, second.size());
    }

    @Test
    void shouldExplainAStreamTheRuleDoesNotSelect() {
        Rule r = rule("hot", "streams", "x*", "when", "value > 80");
        engine.put(r);
        feed("s1", 1000, 90);
        RuleStatus st = engine.status(r, "s1").get(0);
        assertTrue(!st.selected() && st.explanation().contains("does not select"), st.explanation());
        assertNull(st.suppression());
    }
}
