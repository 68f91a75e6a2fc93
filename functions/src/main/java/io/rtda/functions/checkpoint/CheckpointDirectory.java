package io.rtda.functions.checkpoint;

import io.rtda.functions.config.RtdaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The checkpoint directory, locked for this process from the first use to shutdown: its checkpoints, readings log
 * and alert journal have one writer. Every bean that restores from it asks for {@link #path()} first, so a second
 * process on the same directory fails at start, before it reads or writes anything.
 */
@ApplicationScoped
public class CheckpointDirectory {
    private static final Logger LOG = Logger.getLogger(CheckpointDirectory.class);

    private final Path path;
    private final DirectoryLock lock;

    @Inject
    public CheckpointDirectory(RtdaConfig config) {
        this.path = Path.of(config.checkpoint().directory());
        if (!config.checkpoint().enabled()) {
            this.lock = null;
            return;
        }
        try {
            this.lock = DirectoryLock.acquire(path, "checkpoint directory (rtda.checkpoint.directory)");
        } catch (IOException e) {
            throw new IllegalStateException("RTDA-CKP-012 cannot use the checkpoint directory " + path + ": " + e
                    + "; make it writable, or set rtda.checkpoint.enabled=false", e);
        }
    }

    /** The directory (locked when checkpoints are on). */
    public Path path() {
        return path;
    }

    @PreDestroy
    void release() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warnf("RTDA-CKP-012 releasing the lock of %s: %s", path, e);
            }
        }
    }
}
