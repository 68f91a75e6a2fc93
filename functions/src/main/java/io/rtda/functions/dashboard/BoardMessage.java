package io.rtda.functions.dashboard;

import java.util.List;

/**
 * One server-sent event of {@code GET /api/v1/dashboard/live}.
 *
 * @param type    {@code snapshot} (the first: every selected stream, with sparkline values), {@code frames}
 *                (streams changed since the previous message) or {@code heartbeat} (nothing changed)
 * @param version the board version the message brings the client up to
 * @param streams streams the dashboard follows
 * @param ignored updates of streams beyond {@code rtda.dashboard.max-streams}, left out
 * @param frames  the frames
 */
public record BoardMessage(String type, long version, int streams, long ignored, List<StreamFrame> frames) {
    public static final String SNAPSHOT = "snapshot";
    public static final String FRAMES = "frames";
    public static final String HEARTBEAT = "heartbeat";
}
