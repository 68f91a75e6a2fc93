package io.rtda.functions.alert;

/**
 * The state machine of one alert (one rule on one stream). Not thread-safe: the caller serializes calls
 * (the rule engine holds the stream's lock).
 *
 * <pre>
 *   (none|RESOLVED) --when holds--> PENDING --held for `for` and N evaluations--> FIRING
 *   PENDING --when stops holding--> RESOLVED (never fired)
 *   FIRING --clear holds and keep-firing-for elapsed since `when` last held--> RESOLVED
 *   RESOLVED --when holds within cooldown--> stays RESOLVED (suppressed)
 * </pre>
 *
 * With no {@code for} (0 ms, 1 evaluation) an alert goes straight to FIRING.
 */
public final class AlertTracker {
    private static final long NEVER = Long.MIN_VALUE;

    private AlertState state;
    private long sequence;
    private long pendingSince = NEVER;
    private int consecutive;
    private long firingSince = NEVER;
    private long lastHeldAt = NEVER;
    private long resolvedAt = NEVER;
    private long lastTransitionAt = NEVER;
    private long lastEvaluatedAt = NEVER;
    private boolean lastWhen;
    private boolean lastClear;
    private double lastValue = Double.NaN;
    private String suppression;
    private AlertTransition lastTransition;

    /**
     * Advances the machine by one evaluation.
     *
     * @param policy the rule's timing
     * @param now    evaluation time, epoch ms
     * @param when   whether the firing condition holds
     * @param clear  whether the clear condition holds (for rules without one: {@code !when})
     * @param value  the condition's metric value, for status
     * @return the new state if it changed, else null
     */
    public AlertState step(AlertPolicy policy, long now, boolean when, boolean clear, double value) {
        lastEvaluatedAt = now;
        lastWhen = when;
        lastClear = clear;
        lastValue = value;
        suppression = null;
        if (when) {
            lastHeldAt = now;
        }
        if (state == null || state == AlertState.RESOLVED) {
            return fromInactive(policy, now, when);
        }
        if (state == AlertState.PENDING) {
            if (!when) {
                pendingSince = NEVER;
                consecutive = 0;
                return move(AlertState.RESOLVED, now);
            }
            consecutive++;
            return pendingDone(policy, now) ? fire(now) : null;
        }
        return fromFiring(policy, now, when, clear);
    }

    private AlertState fromInactive(AlertPolicy policy, long now, boolean when) {
        if (!when) {
            return null;
        }
        if (resolvedAt != NEVER && now - resolvedAt < policy.cooldownMillis()) {
            suppression = "cooldown: resolved at " + resolvedAt + ", may fire again in "
                    + (policy.cooldownMillis() - (now - resolvedAt)) + " ms";
            return null;
        }
        pendingSince = now;
        consecutive = 1;
        return pendingDone(policy, now) ? fire(now) : move(AlertState.PENDING, now);
    }

    private AlertState fromFiring(AlertPolicy policy, long now, boolean when, boolean clear) {
        if (when) {
            return null;
        }
        if (!clear) {
            suppression = "hysteresis: condition no longer holds but the clear condition does not yet";
            return null;
        }
        long heldAgo = now - lastHeldAt;
        if (heldAgo < policy.keepFiringForMillis()) {
            suppression = "keep-firing-for: clear for " + heldAgo + " ms, resolves after "
                    + policy.keepFiringForMillis() + " ms";
            return null;
        }
        resolvedAt = now;
        firingSince = NEVER;
        pendingSince = NEVER;
        consecutive = 0;
        return move(AlertState.RESOLVED, now);
    }

    private boolean pendingDone(AlertPolicy policy, long now) {
        return now - pendingSince >= policy.forMillis() && consecutive >= policy.forEvaluations();
    }

    private AlertState fire(long now) {
        firingSince = now;
        return move(AlertState.FIRING, now);
    }

    private AlertState move(AlertState to, long now) {
        state = to;
        sequence++;
        lastTransitionAt = now;
        return to;
    }

    /** Forces RESOLVED (rule deleted, stream no longer selected); returns whether the state changed. */
    public boolean forceResolve(long now) {
        if (state != AlertState.PENDING && state != AlertState.FIRING) {
            return false;
        }
        resolvedAt = now;
        firingSince = NEVER;
        pendingSince = NEVER;
        consecutive = 0;
        move(AlertState.RESOLVED, now);
        return true;
    }

    /**
     * Applies a transition this alert made after the state it was restored from (read back from the alert
     * journal after a crash), so that it continues from what consumers saw: the next transition gets the next
     * sequence, and a resolved alert that fires again is a new transition. Returns false, changing nothing,
     * for a transition the state already contains.
     */
    public boolean replay(AlertTransition t) {
        if (t.sequence() <= sequence) {
            return false;
        }
        state = t.to();
        sequence = t.sequence();
        lastTransitionAt = t.at();
        lastTransition = t;
        consecutive = 0;
        switch (t.to()) {
            case PENDING -> {
                pendingSince = t.at();
                consecutive = 1;
                lastHeldAt = t.at();
            }
            case FIRING -> {
                firingSince = t.at();
                lastHeldAt = t.at();
            }
            case RESOLVED -> {
                resolvedAt = t.at();
                firingSince = NEVER;
                pendingSince = NEVER;
            }
            default -> throw new IllegalArgumentException("cannot replay a transition to " + t.to());
        }
        return true;
    }

    /** Records the transition the engine built for the latest change. */
    public void record(AlertTransition transition) {
        this.lastTransition = transition;
    }

    /** Time until a pending alert's {@code for} duration is met, in ms (0 if met or not pending). */
    public long pendingLeftMillis(AlertPolicy policy, long now) {
        return state == AlertState.PENDING ? Math.max(0, policy.forMillis() - (now - pendingSince)) : 0;
    }

    /** Evaluations still needed before a pending alert fires (0 if met or not pending). */
    public int evaluationsLeft(AlertPolicy policy) {
        return state == AlertState.PENDING ? Math.max(0, policy.forEvaluations() - consecutive) : 0;
    }

    /** The current state, or null if the alert was never pending. */
    public AlertState state() {
        return state;
    }

    /** Number of transitions so far (the sequence of the latest). */
    public long sequence() {
        return sequence;
    }

    public long pendingSince() {
        return pendingSince == NEVER ? -1 : pendingSince;
    }

    public long firingSince() {
        return firingSince == NEVER ? -1 : firingSince;
    }

    public long lastTransitionAt() {
        return lastTransitionAt == NEVER ? -1 : lastTransitionAt;
    }

    public long lastEvaluatedAt() {
        return lastEvaluatedAt == NEVER ? -1 : lastEvaluatedAt;
    }

    public boolean lastWhen() {
        return lastWhen;
    }

    public boolean lastClear() {
        return lastClear;
    }

    public double lastValue() {
        return lastValue;
    }

    /** Why the latest evaluation did not change the state although it might have, or null. */
    public String suppression() {
        return suppression;
    }

    /** The latest transition, or null. */
    public AlertTransition lastTransition() {
        return lastTransition;
    }

    /**
     * Everything a tracker holds, for checkpoints (version 1). Times are epoch ms, {@code Long.MIN_VALUE}
     * for never.
     */
    public record Saved(int version, AlertState state, long sequence, long pendingSince, int consecutive,
            long firingSince, long lastHeldAt, long resolvedAt, long lastTransitionAt, long lastEvaluatedAt,
            boolean lastWhen, boolean lastClear, double lastValue, String suppression,
            AlertTransition lastTransition) {
    }

    public Saved save() {
        return new Saved(1, state, sequence, pendingSince, consecutive, firingSince, lastHeldAt, resolvedAt,
                lastTransitionAt, lastEvaluatedAt, lastWhen, lastClear, lastValue, suppression, lastTransition);
    }

    /** A tracker in the state {@code saved} describes. */
    public static AlertTracker restore(Saved saved) {
        if (saved.version() != 1) {
            throw new IllegalArgumentException("alert state version " + saved.version() + " is not readable here");
        }
        AlertTracker t = new AlertTracker();
        t.state = saved.state();
        t.sequence = saved.sequence();
        t.pendingSince = saved.pendingSince();
        t.consecutive = saved.consecutive();
        t.firingSince = saved.firingSince();
        t.lastHeldAt = saved.lastHeldAt();
        t.resolvedAt = saved.resolvedAt();
        t.lastTransitionAt = saved.lastTransitionAt();
        t.lastEvaluatedAt = saved.lastEvaluatedAt();
        t.lastWhen = saved.lastWhen();
        t.lastClear = saved.lastClear();
        t.lastValue = saved.lastValue();
        t.suppression = saved.suppression();
        t.lastTransition = saved.lastTransition();
        return t;
    }
}
