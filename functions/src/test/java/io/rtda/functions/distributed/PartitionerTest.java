package io.rtda.functions.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartitionerTest {
    @Test
    void shouldHashWithTheSpecifiedFnv1aSoOtherLanguagesAgree() {
        // FNV-1a 32-bit reference values (draft-eastlake-fnv test vectors)
        assertEquals(0x811c9dc5, Partitioner.fnv1a(""));
        assertEquals(0xe40c292c, Partitioner.fnv1a("a"));
        assertEquals(0xbf9cf968, Partitioner.fnv1a("foobar"));
    }

    @Test
    void shouldPlaceAStreamOnTheSamePartitionInEveryInstance() {
        Partitioner a = new Partitioner(16);
        Partitioner b = new Partitioner(16);
        for (int i = 0; i < 10_000; i++) {
            String stream = "plant-" + (i % 97) + ".sensor-" + i;
            int p = a.partition(stream);
            assertEquals(p, b.partition(stream), stream);
            assertTrue(p >= 0 && p < 16, stream + " -> " + p);
        }
        assertEquals("rtda.readings.7", a.queue(7));
    }

    @Test
    void shouldSpreadStreamsOverAllPartitions() {
        Partitioner p = new Partitioner(8);
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            counts[p.partition("sim.sensor-" + i)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "uneven partition sizes: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void shouldRefuseAPartitionCountOutOfRangeNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Partitioner(0));
        assertEquals("rtda.broker.partitions must be between 1 and 4096, was 0", e.getMessage());
    }

    @Test
    void shouldParseModesAndRefuseOthersWithTheRemedy() {
        assertEquals(Mode.ALL_IN_ONE, Mode.parse("all-in-one"));
        assertEquals(Mode.FRONT, Mode.parse("FRONT"));
        assertEquals(Mode.WORKER, Mode.parse(" worker "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("gpu"));
        assertTrue(e.getMessage().contains("set RTDA_MODE"), e.getMessage());
    }
}
