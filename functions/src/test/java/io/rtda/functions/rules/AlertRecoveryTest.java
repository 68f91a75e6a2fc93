package io.rtda.functions.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.alerting.AlertJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash after a checkpoint: the alert state comes back from the checkpoint, and the transitions made after
 * it from the alert journal, so the alert continues from what consumers saw (no event id twice, no silent
 * re-firing).
 */
class AlertRecoveryTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Snapshots snaps = new Snapshots();

    private RuleEngine engine(List<AlertTransition> heard) {
        RuleEngine engine = new RuleEngine(clock::get);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("when", "value > 100");
        engine.replaceAll(List.of(RuleParser.parse("hot", rule)));
        engine.addListener(heard::add);
        return engine;
    }

    private void feed(RuleEngine engine, double value) {
        engine.evaluate(snaps.of("s", clock.addAndGet(1000), value));
    }

    @Test
    void shouldContinueFromTheTransitionsMadeAfterTheCheckpoint() throws Exception {
        Path file = dir.resolve("alerts.journal");
        List<AlertTransition> before = new ArrayList<>();
        RuleEngine running = engine(before);
        AlertJournal journal = new AlertJournal(file, new ObjectMapper());
        running.addListener(journal::append);
        feed(running, 200);                                   // hot/s#1 firing
        long mark = journal.mark();                          // a checkpoint starts here
        List<RuleEngine.SavedStream> checkpoint = running.save();
        journal.dropBefore(mark);                            // ... and is committed
        feed(running, 50);                                   // hot/s#2 resolved, after the checkpoint
        // crash: nothing more of the running engine survives

        List<AlertTransition> after = new ArrayList<>();
        RuleEngine restarted = engine(after);
        restarted.restore(checkpoint);
        assertEquals(1, new AlertJournal(file, new ObjectMapper()).replay(restarted::replay));
        feed(restarted, 300);
        feed(restarted, 40);

        assertEquals(List.of("hot/s#1:firing", "hot/s#2:resolved"), ids(before));
        assertEquals(List.of("hot/s#3:firing", "hot/s#4:resolved"), ids(after), "no id twice, the re-firing heard");
    }

    @Test
    void shouldSkipTransitionsTheCheckpointHoldsAndStopAtATornLine() throws Exception {
        Path file = dir.resolve("alerts.journal");
        List<AlertTransition> heard = new ArrayList<>();
        RuleEngine running = engine(heard);
        AlertJournal journal = new AlertJournal(file, new ObjectMapper());
        running.addListener(journal::append);
        feed(running, 200);
        feed(running, 50);
        List<RuleEngine.SavedStream> checkpoint = running.save(); // a crash before its commit: nothing dropped
        feed(running, 300);
        // #3 as a later version might write it, with a field this one does not know: read, the field skipped
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(lines.size() - 1, lines.get(lines.size() - 1).replaceFirst("^\\{", "{\"addedLater\":{\"x\":1},"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        Files.writeString(file, "{\"alertId\":\"hot/s\",\"seq", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        RuleEngine restarted = engine(new ArrayList<>());
        restarted.restore(checkpoint);
        assertEquals(1, new AlertJournal(file, new ObjectMapper()).replay(restarted::replay), "only #3 is new");
        List<AlertTransition> next = new ArrayList<>();
        restarted.addListener(next::add);
        feed(restarted, 40);
        assertEquals(List.of("hot/s#4:resolved"), ids(next));
    }

    private static List<String> ids(List<AlertTransition> transitions) {
        return transitions.stream().map(t -> t.eventId() + ":" + t.to().wire()).toList();
    }
}
