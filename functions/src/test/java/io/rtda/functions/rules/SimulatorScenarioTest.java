package io.rtda.functions.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.functions.alert.AlertState;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.simulator.Scenario;
import io.rtda.functions.simulator.ScenarioEvent;
import io.rtda.functions.simulator.SensorSimulator;
import io.rtda.models.baseline.RobustZDetector;
import io.rtda.models.score.AnomalyScore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's sample rules (config/rules/demo-rules.yaml) over the simulator's labelled scenarios, in simulated
 * time: windows, the robust-z model and the rule engine exactly as the application wires them, ticked every
 * 200 ms like the simulator runner. Seeded (seed 42), so the alerts are exact.
 */
class SimulatorScenarioTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final int SENSORS = 8;

    private final AtomicLong clock = new AtomicLong(T0);
    private final RuleEngine rules = new RuleEngine(clock::get);
    private final List<AlertTransition> alerts = new ArrayList<>();
    private WindowEngine<AnomalyScore> windows;
    private SensorSimulator simulator;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() throws Exception {
        RobustZDetector detector = new RobustZDetector(3, 32);
        windows = new WindowEngine<>(new WindowConfig(1024, Duration.ofSeconds(60), Duration.ofSeconds(5), 65536,
                1000, null), new ScalarStatsKernel(), (stream, stats, window, fresh, prev) -> detector.score(stream,
                stats, window, fresh), clock::get, true);
        simulator = new SensorSimulator(SENSORS, 5, 42, 20_000, 10_000);
        Path file = Path.of("..", "config", "rules", "demo-rules.yaml");
        Map<String, Object> root = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
        for (Object doc : (List<Object>) root.get("rules")) {
            rules.put(RuleParser.parse(null, (Map<String, Object>) doc));
        }
        rules.addListener(alerts::add);
    }

    /** Runs the simulation for {@code seconds} of simulated time. */
    private void run(int seconds) {
        ReadingBatch batch = new ReadingBatch(64);
        for (int i = 0; i < seconds * 5; i++) {
            long now = clock.addAndGet(200);
            batch.clear();
            simulator.tick(now, batch);
            windows.apply(batch);
            Set<String> seen = new HashSet<>();
            for (int r = 0; r < batch.size(); r++) {
                if (seen.add(batch.stream(r))) {
                    windows.snapshot(batch.stream(r)).ifPresent(rules::evaluate);
                }
            }
            rules.tick();
        }
    }

    private List<AlertTransition> fired(String rule) {
        return alerts.stream().filter(a -> a.ruleId().equals(rule) && a.to() == AlertState.FIRING).toList();
    }

    private ScenarioEvent only(Scenario s) {
        List<ScenarioEvent> all = simulator.scenarios().stream().filter(e -> e.scenario() == s).toList();
        assertEquals(1, all.size(), s + " scenarios: " + all);
        return all.get(0);
    }

    @Test
    void shouldRaiseExactlyTheExpectedAlertsForEachScenario() {
        run(150);
        ScenarioEvent spike = only(Scenario.SPIKE);
        ScenarioEvent stuck = only(Scenario.STUCK);
        ScenarioEvent dropout = only(Scenario.DROPOUT);
        System.out.println("seed 42 scenarios: " + simulator.scenarios());

        // A LATE sensor sends only readings that are refused as late: no accepted data, so it is silent too.
        ScenarioEvent late = only(Scenario.LATE);
        List<AlertTransition> silent = fired("silent");
        assertEquals(List.of(dropout.stream(), late.stream()), silent.stream().map(AlertTransition::stream).toList(),
                "silent alerts: " + silent);
        long silentAt = silent.get(0).at() - dropout.from().toEpochMilli();
        assertTrue(silentAt >= 2600 && silentAt <= 4400, "silent fired " + silentAt + " ms into the dropout");
        AlertTransition back = alerts.stream().filter(a -> a.ruleId().equals("silent")
                && a.to() == AlertState.RESOLVED).findFirst().orElseThrow();
        assertTrue(back.at() >= dropout.to().toEpochMilli(), "resolved when readings came back");

        List<AlertTransition> stuckAlerts = fired("stuck");
        assertEquals(1, stuckAlerts.size(), "stuck alerts: " + stuckAlerts);
        assertEquals(stuck.stream(), stuckAlerts.get(0).stream());
        assertTrue(stuckAlerts.get(0).at() > stuck.from().toEpochMilli()
                && stuckAlerts.get(0).at() < stuck.to().toEpochMilli());

        List<AlertTransition> anomaly = fired("anomaly");
        assertTrue(anomaly.stream().anyMatch(a -> a.stream().equals(spike.stream())
                && Math.abs(a.at() - spike.from().toEpochMilli()) <= 1000), "spike alert: " + anomaly);
        for (Scenario shift : new Scenario[] {Scenario.LEVEL_SHIFT, Scenario.DRIFT}) {
            ScenarioEvent e = only(shift);
            assertTrue(anomaly.stream().anyMatch(a -> a.stream().equals(e.stream())
                    && a.at() >= e.from().toEpochMilli() && a.at() <= e.to().toEpochMilli()), shift + ": " + anomaly);
        }
        for (AlertTransition a : anomaly) {
            assertTrue(simulator.scenarios().stream().anyMatch(e -> e.stream().equals(a.stream())
                    && a.at() >= e.from().toEpochMilli() && a.at() <= e.to().toEpochMilli() + 5000),
                    "anomaly alert outside any scenario: " + a);
            assertEquals("above", a.expectation().direction(), a.toString());
            assertTrue(a.value() > 0.25 && a.expectation().expectedHigh() < a.metrics().get("last"));
        }
    }

    @Test
    void shouldKeepAlertStateWhenARuleIsHotReloadedMidStream() {
        run(95);
        ScenarioEvent dropout = only(Scenario.DROPOUT);
        long silentFirings = fired("silent").size();
        assertEquals(1, silentFirings, "silent fired during the dropout that is under way");
        AlertTransition firing = fired("silent").get(0);
        rules.put(RuleParser.parse("silent", Map.of("streams", "sim.*", "absentFor", "4s", "severity",
                "critical")));
        assertEquals(AlertState.FIRING, rules.alerts(AlertState.FIRING).stream()
                .filter(a -> a.alertId().equals(firing.alertId())).findFirst().orElseThrow().to());
        run(10);
        AlertTransition resolved = alerts.stream().filter(a -> a.alertId().equals(firing.alertId())
                && a.to() == AlertState.RESOLVED).findFirst().orElseThrow();
        assertEquals(firing.sequence() + 1, resolved.sequence(), "the reloaded rule continued the same alert");
        assertTrue(resolved.at() >= dropout.to().toEpochMilli());
    }
}
