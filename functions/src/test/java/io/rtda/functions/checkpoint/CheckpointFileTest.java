package io.rtda.functions.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format: atomic replacement, CRC detection of torn files, fallback to the previous checkpoint. */
class CheckpointFileTest {
    @TempDir
    Path dir;

    /** A part holding one number. */
    private static class Counter implements CheckpointPart {
        long value;

        Counter(long value) {
            this.value = value;
        }

        @Override
        public String name() {
            return "counter";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public void read(DataInputStream in) throws IOException {
            value = in.readLong();
        }
    }

    @Test
    void shouldRestoreTheLatestAndKeepThePrevious() throws Exception {
        CheckpointFile file = new CheckpointFile(dir);
        assertTrue(file.restore(List.of(new Counter(0))).isEmpty(), "no checkpoint yet");
        file.write(List.of(new Counter(1)), 1000);
        file.write(List.of(new Counter(2)), 2000);
        Counter restored = new Counter(0);
        CheckpointFile.Restored r = file.restore(List.of(restored)).orElseThrow();
        assertEquals(2, restored.value);
        assertEquals(2000, r.takenAt());
        assertTrue(Files.exists(dir.resolve(CheckpointFile.PREVIOUS)));
        assertTrue(Files.notExists(dir.resolve("checkpoint.tmp")));
    }

    @Test
    void shouldFallBackToThePreviousWhenTheLatestIsTorn() throws Exception {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(List.of(new Counter(1)), 1000);
        file.write(List.of(new Counter(2)), 2000);
        Path latest = dir.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[20] ^= 0x40;
        Files.write(latest, bytes);
        Counter restored = new Counter(0);
        assertEquals(1000, file.restore(List.of(restored)).orElseThrow().takenAt());
        assertEquals(1, restored.value);
    }

    @Test
    void shouldNameEveryBrokenFileWhenNoneIsIntact() throws Exception {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(List.of(new Counter(1)), 1000);
        Files.write(dir.resolve(CheckpointFile.LATEST), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> file.restore(List.of(new Counter(0))));
        assertTrue(e.getMessage().contains("latest.ckpt: too short"), e.getMessage());
    }

    @Test
    void shouldHandEachOwnerOnlyItsOwnPart() throws Exception {
        CheckpointFile file = new CheckpointFile(dir);
        Counter first = new Counter(7) {
            @Override
            public String name() {
                return "first";
            }
        };
        file.write(List.of(first, new Counter(9)), 1000);
        Counter onlyCounter = new Counter(0);
        CheckpointFile.Restored r = file.restore(List.of(onlyCounter)).orElseThrow();
        assertEquals(List.of("counter"), r.restored(), "the other owner's part is skipped");
        assertEquals(9, onlyCounter.value);
        Counter missing = new Counter(0) {
            @Override
            public String name() {
                return "not-in-file";
            }
        };
        assertEquals(List.of(), file.restore(List.of(missing)).orElseThrow().restored());
        assertEquals(0, missing.value);
    }

    @Test
    void shouldStopAPartAtItsOwnEnd() throws Exception {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(List.of(new Counter(1), new Counter(2) {
            @Override
            public String name() {
                return "second";
            }
        }), 1000);
        CheckpointPart greedy = new CheckpointPart() {
            @Override
            public String name() {
                return "counter";
            }

            @Override
            public void write(DataOutputStream out) {
            }

            @Override
            public void read(DataInputStream in) throws IOException {
                in.readLong();
                assertEquals(-1, in.read(), "a part cannot read into the next one");
            }
        };
        assertEquals(List.of("counter"), file.restore(List.of(greedy)).orElseThrow().restored());
    }
}
