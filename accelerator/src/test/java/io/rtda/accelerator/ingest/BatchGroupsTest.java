package io.rtda.accelerator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchGroupsTest {
    private static final long SEED = Long.getLong("rtda.test.seed", 0x5EED_2024L);

    @Test
    void shouldGroupRecordsByStreamInFirstAppearanceOrderKeepingBatchOrderWithin() {
        String[] streams = {"b", "a", "b", "c", "a", "b"};
        BatchGroups<String> groups = group(streams, -1);
        assertEquals(3, groups.groups());
        assertEquals(List.of("b", "a", "c"), List.of(groups.target(0), groups.target(1), groups.target(2)));
        assertEquals(List.of(0, 2, 5), records(groups, 0));
        assertEquals(List.of(1, 4), records(groups, 1));
        assertEquals(List.of(3), records(groups, 2));
        groups.release();
    }

    @Test
    void shouldLeaveRefusedRecordsOutOfEveryGroup() {
        BatchGroups<String> groups = group(new String[] {"a", "a", "b", "a"}, 1);
        assertEquals(List.of(0, 3), records(groups, 0));
        assertEquals(List.of(2), records(groups, 1));
        groups.release();
    }

    @Test
    void shouldGrowPastInitialCapacityAndMatchEqualIdsThatAreNotIdentical() {
        SplittableRandom random = new SplittableRandom(SEED);
        int streams = 5000;
        int records = 40_000;
        String[] batch = new String[records];
        int[] expectedCount = new int[streams];
        for (int i = 0; i < records; i++) {
            int s = i < streams ? i : random.nextInt(streams);
            batch[i] = new String("stream-" + s);
            expectedCount[s]++;
        }
        BatchGroups<String> groups = group(batch, -1);
        assertEquals(streams, groups.groups(), "seed=" + SEED);
        for (int g = 0; g < streams; g++) {
            List<Integer> members = records(groups, g);
            assertEquals("stream-" + g, groups.target(g), "seed=" + SEED);
            assertEquals(expectedCount[g], members.size(), "seed=" + SEED + " group " + g);
            for (int i = 1; i < members.size(); i++) {
                assertTrue(members.get(i - 1) < members.get(i), "batch order within a group, seed=" + SEED);
            }
            for (int i : members) {
                assertEquals(groups.target(g), batch[i], "seed=" + SEED);
            }
        }
        groups.release();
    }

    @Test
    void shouldRefuseSecondClaimUntilReleasedAndForgetStreamsOnRelease() {
        BatchGroups<String> groups = new BatchGroups<>();
        assertTrue(groups.claim(2));
        groups.open("a", "a");
        assertFalse(groups.claim(2), "a re-entrant apply must get its own workspace");
        groups.release();
        assertTrue(groups.claim(2));
        assertEquals(-1, groups.find("a"));
        assertEquals(0, groups.groups());
        groups.release();
    }

    /** Groups the ids the way the engine does; record {@code refused} is refused. */
    private static BatchGroups<String> group(String[] streams, int refused) {
        BatchGroups<String> groups = new BatchGroups<>();
        assertTrue(groups.claim(streams.length));
        for (int i = 0; i < streams.length; i++) {
            if (i == refused) {
                groups.assign(i, -1);
                continue;
            }
            int g = groups.find(streams[i]);
            if (g < 0) {
                g = groups.open(streams[i], streams[i]);
            }
            groups.assign(i, g);
        }
        groups.layout(streams.length);
        return groups;
    }

    private static List<Integer> records(BatchGroups<String> groups, int group) {
        List<Integer> out = new ArrayList<>();
        for (int r = groups.from(group); r < groups.from(group + 1); r++) {
            out.add(groups.record(r));
        }
        return out;
    }
}
