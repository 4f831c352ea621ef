package io.rap.fabric.web;

import io.rap.fabric.domain.infrastructure.identity.PendingStepUp;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * This portal's step-up state in the person's HTTP session: the verified time of the last
 * level-2 confirmation, the round trip in flight, and the high-risk actions waiting for it.
 */
@SessionScoped
public class StepUpSession implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_WAITING = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Instant strongAuthAt;
    private PendingStepUp pending;
    private final Map<String, ResumableAction> waiting = new LinkedHashMap<>();

    public synchronized Optional<Instant> strongAuthAt() {
        return Optional.ofNullable(strongAuthAt);
    }

    public synchronized void confirmed(Instant authTime) {
        this.strongAuthAt = authTime;
        this.pending = null;
    }

    public synchronized void begin(PendingStepUp step) {
        this.pending = step;
    }

    /** Takes the round trip in flight; a callback can use it only once. */
    public synchronized PendingStepUp takePending() {
        PendingStepUp step = pending;
        pending = null;
        return step;
    }

    /** Parks an action until the confirmation returns; the key is what travels in URLs. */
    public synchronized String park(ResumableAction action) {
        if (waiting.size() >= MAX_WAITING) {
            waiting.remove(waiting.keySet().iterator().next());
        }
        byte[] key = new byte[18];
        RANDOM.nextBytes(key);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        waiting.put(id, action);
        return id;
    }

    public synchronized Optional<ResumableAction> take(String key) {
        return Optional.ofNullable(key == null ? null : waiting.remove(key));
    }

    /**
     * Takes the parked action only if {@code belongs} accepts it, so two beans of one page can each
     * resume their own actions without consuming the other's.
     */
    public synchronized Optional<ResumableAction> takeIf(String key, Predicate<ResumableAction> belongs) {
        ResumableAction action = key == null ? null : waiting.get(key);
        if (action == null || !belongs.test(action)) {
            return Optional.empty();
        }
        waiting.remove(key);
        return Optional.of(action);
    }
}
