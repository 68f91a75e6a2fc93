package io.rtda.functions.simulator;

import io.rtda.accelerator.reading.ReadingBatch;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates readings for {@code sensors} streams named {@code sim.sensor-NN}: a level, a 120 s sine season
 * and Gaussian noise, plus one labelled {@link Scenario} at a time, rotating through scenarios and sensors.
 * Deterministic for a seed and a sequence of tick times. Not thread-safe: one owner ticks it.
 */
public final class SensorSimulator {
    static final String PREFIX = "sim.sensor-";
    private static final long LATE_SHIFT_MS = 10_000;
    private static final int HISTORY = 200;

    private final int sensors;
    private final double ratePerSecond;
    private final long scenarioEveryMs;
    private final long scenarioLengthMs;
    private final SplittableRandom random;
    private final double[] level;
    private final double[] noise;
    private final double[] lastValue;
    private final double[] owed;
    private final Deque<ScenarioEvent> history = new ArrayDeque<>();
    private long lastTick = Long.MIN_VALUE;
    private long nextScenarioAt = Long.MIN_VALUE;
    private int scenarioCount;
    private ScenarioEvent active;

    public SensorSimulator(int sensors, double ratePerSecond, long seed, long scenarioEveryMs, long scenarioLengthMs) {
        if (sensors < 1 || sensors > 100_000) {
            throw new IllegalArgumentException("rtda.simulator.streams must be between 1 and 100000, was " + sensors);
        }
        if (!(ratePerSecond > 0 && ratePerSecond <= 1000)) {
            throw new IllegalArgumentException("rtda.simulator.rate must be in (0, 1000] readings/s, was "
                    + ratePerSecond);
        }
        this.sensors = sensors;
        this.ratePerSecond = ratePerSecond;
        this.scenarioEveryMs = scenarioEveryMs;
        this.scenarioLengthMs = Math.min(scenarioLengthMs, scenarioEveryMs);
        this.random = new SplittableRandom(seed);
        this.level = new double[sensors];
        this.noise = new double[sensors];
        this.lastValue = new double[sensors];
        this.owed = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            level[i] = 20 + 10 * random.nextDouble() + 5 * i % 50;
            noise[i] = 0.2 + 0.8 * random.nextDouble();
        }
    }

    public static String streamId(int sensor) {
        return String.format("%s%02d", PREFIX, sensor);
    }

    /** Readings due between the previous tick and {@code now} (epoch ms), appended to {@code batch}. */
    public void tick(long now, ReadingBatch batch) {
        if (lastTick == Long.MIN_VALUE) {
            lastTick = now - 1000;
            nextScenarioAt = now + scenarioEveryMs / 2;
        }
        if (now >= nextScenarioAt) {
            startScenario(now);
        }
        double elapsed = (now - lastTick) / 1000.0;
        for (int s = 0; s < sensors; s++) {
            owed[s] += elapsed * ratePerSecond;
            int due = (int) owed[s];
            owed[s] -= due;
            for (int k = 0; k < due; k++) {
                long ts = lastTick + (long) ((k + 1) * (now - lastTick) / (double) due);
                emit(s, ts, batch);
            }
        }
        lastTick = now;
    }

    /** The most recent scenarios, oldest first (at most 200). */
    public List<ScenarioEvent> scenarios() {
        return new ArrayList<>(history);
    }

    private void startScenario(long now) {
        Scenario[] all = Scenario.values();
        Scenario scenario = all[scenarioCount % all.length];
        int sensor = (int) ((scenarioCount * 7L + 3) % sensors);
        scenarioCount++;
        long length = scenario == Scenario.SPIKE ? Math.max(1, (long) (1000 / ratePerSecond)) : scenarioLengthMs;
        active = new ScenarioEvent(streamId(sensor), scenario, Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(now + length));
        history.addLast(active);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        nextScenarioAt = now + scenarioEveryMs;
    }

    private void emit(int s, long ts, ReadingBatch batch) {
        String stream = streamId(s);
        double season = Math.sin(2 * Math.PI * (ts % 120_000) / 120_000.0) * 3 * noise[s];
        double value = level[s] + season + noise[s] * gaussian();
        Scenario scenario = scenarioAt(stream, ts);
        long at = ts;
        int copies = 1;
        if (scenario != null) {
            double progress = (ts - active.from().toEpochMilli())
                    / (double) Math.max(1, active.to().toEpochMilli() - active.from().toEpochMilli());
            switch (scenario) {
                case SPIKE -> value += 12 * noise[s] + 0.2 * Math.abs(level[s]);
                case LEVEL_SHIFT -> value += 8 * noise[s];
                case DRIFT -> value += 10 * noise[s] * progress;
                case STUCK -> value = lastValue[s];
                case DROPOUT -> {
                    return;
                }
                case LATE -> at = ts - LATE_SHIFT_MS;
                case DUPLICATE -> copies = 2;
                default -> throw new IllegalStateException("unhandled scenario " + scenario);
            }
        }
        lastValue[s] = value;
        for (int c = 0; c < copies; c++) {
            batch.add(batch.size(), stream, at, value, Map.of("site", "sim", "kind", "sensor"));
        }
    }

    private Scenario scenarioAt(String stream, long ts) {
        if (active == null || !active.stream().equals(stream)) {
            return null;
        }
        long from = active.from().toEpochMilli();
        long to = active.to().toEpochMilli();
        return ts >= from && ts < to ? active.scenario() : null;
    }

    private double gaussian() {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
