package io.rtda.functions.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtda.functions.alert.AlertTransition;
import io.rtda.functions.groupcommit.GroupCommit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Every alert transition since the latest checkpoint, one JSON line each, forced to disk before the evaluation
 * that made it returns (once per evaluation inside a {@link GroupCommit} scope) and before any outbox releases
 * it. A checkpoint holds the alerts' state as of its start; after a crash the transitions made since are
 * replayed onto it, so the alerts continue from what consumers saw: no
 * event id is used twice, and an alert that resolved after the checkpoint fires again with a new transition.
 * When a checkpoint is committed, the entries it contains are dropped. One owner (the alerting service).
 */
public final class AlertJournal {
    private static final Logger LOG = Logger.getLogger(AlertJournal.class);

    private final Path file;
    private final ObjectMapper json;
    private final GroupCommit.Deferred deferred = this::forceNow;
    private FileChannel channel;
    private boolean failing;

    /** @param json writes and reads entries; fields of a later version are skipped, so a rollback reads its journal */
    public AlertJournal(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = open();
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Appends and forces one transition; inside a {@link GroupCommit} scope the force is deferred to the scope's
     * end, once for all its transitions. A failure is logged (once per outage), never thrown at evaluation.
     */
    public void append(AlertTransition t) {
        GroupCommit.write(deferred, () -> write(t, false), () -> write(t, true));
    }

    private synchronized Void write(AlertTransition t, boolean force) {
        try {
            byte[] line = (json.writeValueAsString(t) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(false);
                writable();
            }
        } catch (IOException e) {
            failed("alert transition " + t.eventId(), e);
        }
        return null;
    }

    /** The deferred force of a {@link GroupCommit} scope: every transition written before it. */
    private synchronized void forceNow() {
        try {
            channel.force(false);
            writable();
        } catch (IOException e) {
            failed("the alert transitions of the last evaluation", e);
        }
    }

    private void writable() {
        if (failing) {
            LOG.infof("RTDA-CKP-009 alert journal %s writable again", file);
            failing = false;
        }
    }

    private void failed(String what, IOException e) {
        if (!failing) {
            LOG.errorf("RTDA-CKP-009 cannot write %s to %s; after a crash before the next checkpoint its alert may "
                    + "repeat an event id: %s", what, file, e);
            failing = true;
        }
    }

    /** Where the journal ends now: a checkpoint taken from here on contains everything before it. */
    public synchronized long mark() {
        try {
            return channel.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Drops the entries before {@code mark} (a committed checkpoint holds them), keeping those after it. */
    public synchronized void dropBefore(long mark) {
        if (mark <= 0) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = channel.size();
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    for (long at = mark; at < size; ) {
                        at += in.transferTo(at, size - at, out);
                    }
                }
                out.force(true);
            }
            channel.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = open();
        } catch (IOException e) {
            LOG.warnf("RTDA-CKP-009 could not shorten alert journal %s (it keeps growing until the next "
                    + "checkpoint): %s", file, e);
            try {
                if (!channel.isOpen()) {
                    channel = open();
                }
            } catch (IOException reopen) {
                LOG.errorf("RTDA-CKP-009 cannot reopen alert journal %s: %s", file, reopen);
            }
        }
    }

    /**
     * Hands every journaled transition, oldest first, to {@code apply}; returns how many it applied. A line
     * that cannot be read (a write torn by the crash) ends the replay, with a warning.
     */
    public synchronized int replay(Predicate<AlertTransition> apply) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int applied = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            AlertTransition t;
            try {
                t = json.readValue(lines.get(i), AlertTransition.class);
            } catch (JsonProcessingException e) {
                LOG.warnf("RTDA-CKP-008 alert journal %s line %d is unreadable (torn by the crash?); replay stops "
                        + "there: %s", file, i + 1, e.getOriginalMessage());
                break;
            }
            if (apply.test(t)) {
                applied++;
            }
        }
        return applied;
    }
}
