package io.rtda.functions.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.reading.ReadingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator driven by explicit tick times: 4 sensors at 10 readings/s ticked every 100 ms, so each tick
 * emits one reading per sensor at the tick time (and the first tick the second before it). A scenario every
 * 2 s lasting 1 s; the first starts 1 s after the first tick, and the run covers each {@link Scenario} once.
 */
class SensorSimulatorTest {
    private static final long SEED = 20261127L;
    private static final long T0 = 1_800_000_000_000L;
    private static final long TICK = 100;
    private static final long RUN = 14_500;

    /** One emitted reading, with the tick that emitted it. */
    private record Emitted(long tick, String stream, long ts, double value) {
    }

    private static SensorSimulator simulator(long seed) {
        return new SensorSimulator(4, 10, seed, 2000, 1000);
    }

    private static List<Emitted> run(SensorSimulator simulator) {
        List<Emitted> out = new ArrayList<>();
        ReadingBatch batch = new ReadingBatch(16);
        for (long now = T0; now <= T0 + RUN; now += TICK) {
            batch.clear();
            simulator.tick(now, batch);
            for (int i = 0; i < batch.size(); i++) {
                out.add(new Emitted(now, batch.stream(i), batch.timestamp(i), batch.value(i)));
            }
        }
        return out;
    }

    private static ScenarioEvent only(List<ScenarioEvent> events, Scenario scenario) {
        List<ScenarioEvent> found = events.stream().filter(e -> e.scenario() == scenario).toList();
        assertEquals(1, found.size(), () -> scenario + " in " + events);
        return found.get(0);
    }

    private static boolean during(ScenarioEvent e, long ts) {
        return ts >= e.from().toEpochMilli() && ts < e.to().toEpochMilli();
    }

    @Test
    void shouldRepeatReadingsAndScenariosForTheSameSeed() {
        SensorSimulator a = simulator(SEED);
        SensorSimulator b = simulator(SEED);

        assertEquals(run(a), run(b), "seed " + SEED);
        assertEquals(a.scenarios(), b.scenarios());
        assertNotEquals(run(simulator(SEED)), run(simulator(SEED + 1)), "another seed gives other noise");
    }

    @Test
    void shouldLabelEveryScenarioOnceInRotationOnNamedSensors() {
        SensorSimulator simulator = simulator(SEED);
        run(simulator);

        List<ScenarioEvent> events = simulator.scenarios();
        assertEquals(Arrays.asList(Scenario.values()), events.subList(0, Scenario.values().length).stream()
                .map(ScenarioEvent::scenario).toList());
        assertEquals(T0 + 1000, events.get(0).from().toEpochMilli());
        for (ScenarioEvent e : events) {
            assertTrue(e.stream().matches("sim\\.sensor-0[0-3]"), e.stream());
            assertTrue(e.to().isAfter(e.from()), e::toString);
        }
    }

    @Test
    void shouldEmitOneReadingPerSensorPerTickAtTheConfiguredRate() {
        List<Emitted> emitted = run(simulator(SEED));

        Map<String, Long> perStream = new HashMap<>();
        emitted.stream().filter(e -> e.tick() == T0 + 5000).forEach(e -> perStream.merge(e.stream(), 1L, Long::sum));
        assertEquals(Map.of("sim.sensor-00", 1L, "sim.sensor-01", 1L, "sim.sensor-02", 1L, "sim.sensor-03", 1L),
                perStream);
        assertEquals(40, emitted.stream().filter(e -> e.tick() == T0).count(), "the first tick covers one second");
    }

    @Test
    void shouldPutTheSpikeFarAboveEveryOtherValueOfItsStreamAtTheLabelledTime() {
        SensorSimulator simulator = simulator(SEED);
        List<Emitted> emitted = run(simulator);
        ScenarioEvent spike = only(simulator.scenarios(), Scenario.SPIKE);

        List<Emitted> stream = emitted.stream().filter(e -> e.stream().equals(spike.stream())).toList();
        List<Emitted> spiked = stream.stream().filter(e -> during(spike, e.ts())).toList();
        double[] others = stream.stream().filter(e -> !during(spike, e.ts())).mapToDouble(Emitted::value).sorted()
                .toArray();
        assertEquals(1, spiked.size(), () -> "one spiked reading in " + spike);
        double median = others[others.length / 2];
        double highest = others[others.length - 1];
        double value = spiked.get(0).value();
        assertTrue(value > highest + 2, () -> "seed " + SEED + ": spike " + value + " vs highest other " + highest);
        assertTrue(value - median > 3 * (highest - median),
                () -> "seed " + SEED + ": spike " + value + ", median " + median + ", highest other " + highest);
    }

    @Test
    void shouldEmitEveryReadingTwiceDuringADuplicateScenario() {
        SensorSimulator simulator = simulator(SEED);
        List<Emitted> emitted = run(simulator);
        ScenarioEvent duplicate = only(simulator.scenarios(), Scenario.DUPLICATE);

        Map<Long, List<Emitted>> byTs = new HashMap<>();
        emitted.stream().filter(e -> e.stream().equals(duplicate.stream()))
                .forEach(e -> byTs.computeIfAbsent(e.ts(), k -> new ArrayList<>()).add(e));
        int doubled = 0;
        for (Map.Entry<Long, List<Emitted>> entry : byTs.entrySet()) {
            List<Emitted> copies = entry.getValue();
            if (during(duplicate, entry.getKey())) {
                assertEquals(2, copies.size(), () -> "ts " + entry.getKey() + " in " + duplicate);
                assertEquals(copies.get(0), copies.get(1), "the copies are identical");
                doubled++;
            } else {
                assertEquals(1, copies.size(), () -> "ts " + entry.getKey() + " outside " + duplicate);
            }
        }
        assertEquals(10, doubled, "1 s at 10 readings/s");
    }

    @Test
    void shouldEmitNothingForTheStreamDuringADropout() {
        SensorSimulator simulator = simulator(SEED);
        List<Emitted> emitted = run(simulator);
        ScenarioEvent dropout = only(simulator.scenarios(), Scenario.DROPOUT);

        assertFalse(emitted.stream().anyMatch(e -> e.stream().equals(dropout.stream()) && during(dropout, e.ts())),
                dropout::toString);
        assertEquals(30, emitted.stream().filter(e -> during(dropout, e.ts())).count(),
                "the other three sensors keep sending");
        assertTrue(emitted.stream().anyMatch(e -> e.stream().equals(dropout.stream())
                && e.ts() == dropout.to().toEpochMilli()), "the sensor resumes when the dropout ends");
    }

    @Test
    void shouldSendReadingsTenSecondsBehindDuringALateScenario() {
        SensorSimulator simulator = simulator(SEED);
        List<Emitted> emitted = run(simulator);
        ScenarioEvent late = only(simulator.scenarios(), Scenario.LATE);

        List<Emitted> stream = emitted.stream().filter(e -> e.stream().equals(late.stream()) && e.tick() > T0)
                .toList();
        int shifted = 0;
        for (Emitted e : stream) {
            if (during(late, e.tick())) {
                assertEquals(e.tick() - 10_000, e.ts(), e::toString);
                shifted++;
            } else {
                assertEquals(e.tick(), e.ts(), e::toString);
            }
        }
        assertEquals(10, shifted, "1 s at 10 readings/s");
    }

    @Test
    void shouldRepeatTheLastValueWhileStuck() {
        SensorSimulator simulator = simulator(SEED);
        List<Emitted> emitted = run(simulator);
        ScenarioEvent stuck = only(simulator.scenarios(), Scenario.STUCK);

        List<Emitted> stream = emitted.stream().filter(e -> e.stream().equals(stuck.stream())).toList();
        List<Double> during = stream.stream().filter(e -> during(stuck, e.ts())).map(Emitted::value).toList();
        double before = stream.stream().filter(e -> e.ts() < stuck.from().toEpochMilli())
                .reduce((x, y) -> y).orElseThrow().value();
        assertEquals(10, during.size());
        assertTrue(during.stream().allMatch(v -> v == before), () -> before + " then " + during);
    }

    @Test
    void shouldRefuseSettingsOutOfRangeNamingTheProperty() {
        IllegalArgumentException streams = assertThrows(IllegalArgumentException.class,
                () -> new SensorSimulator(0, 5, 1, 1000, 500));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> new SensorSimulator(1, 0, 1, 1000, 500));

        assertTrue(streams.getMessage().contains("rtda.simulator.streams"), streams.getMessage());
        assertTrue(rate.getMessage().contains("rtda.simulator.rate"), rate.getMessage());
    }
}
