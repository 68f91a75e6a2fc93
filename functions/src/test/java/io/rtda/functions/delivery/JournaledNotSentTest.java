package io.rtda.functions.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtda.functions.profiles.JournaledNotSentProfile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A firing journaled before a crash but never put in the outbox (the crash fell between the two writes) is sent
 * after the restart: the outbox queues each alert's latest journaled transition it does not know. A review saw a
 * consumer get an alert's #2 and #3 but never its #1 after kill -9.
 */
@QuarkusTest
@TestProfile(JournaledNotSentProfile.class)
class JournaledNotSentTest {
    @AfterAll
    static void deleteQueue() throws Exception {
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.queueDelete(JournaledNotSentProfile.QUEUE);
        }
    }

    @Test
    void shouldSendTheJournaledTransitionTheOutboxNeverHad() {
        List<GetResponse> got = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(Brokers.drain(JournaledNotSentProfile.QUEUE));
            return !got.isEmpty();
        });
        assertEquals(1, got.size());
        assertEquals(JournaledNotSentProfile.FIRING.eventId(), got.get(0).getProps().getMessageId());
    }
}
