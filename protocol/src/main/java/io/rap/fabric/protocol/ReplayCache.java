package io.rap.fabric.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers which (origin, nonce) pairs were accepted, for as long as their assertion could
 * still pass the time check, so that a captured assertion cannot be used twice. Bounded: when
 * {@code capacity} live entries are held, new ones are refused (fail closed) rather than older
 * ones forgotten, which would reopen the replay window.
 */
public final class ReplayCache {

    private final Duration window;
    private final int capacity;
    private final Map<String, Instant> expiries = new HashMap<>();
    private final ArrayDeque<Map.Entry<String, Instant>> order = new ArrayDeque<>();

    public ReplayCache(Duration window, int capacity) {
        if (window.isNegative() || window.isZero() || capacity < 1) {
            throw new IllegalArgumentException("a replay cache needs a positive window and capacity");
        }
        this.window = window;
        this.capacity = capacity;
    }

    /**
     * Records the pair and answers {@code true} the first time it is seen; {@code false} when
     * it was seen before or the cache is full.
     */
    public synchronized boolean firstUse(String origin, String nonce, Instant issuedAt, Instant now) {
        purge(now);
        String key = origin + '/' + nonce;
        if (expiries.containsKey(key) || expiries.size() >= capacity) {
            return false;
        }
        // Kept until the assertion's own time check would refuse it anyway.
        Instant expiry = issuedAt.plus(window).plusSeconds(1);
        expiries.put(key, expiry);
        order.addLast(Map.entry(key, expiry));
        return true;
    }

    public synchronized int size() {
        return expiries.size();
    }

    /**
     * Entries leave in insertion order once their own expiry passed; an entry behind one that
     * expires later merely stays a little longer, never shorter than needed.
     */
    private void purge(Instant now) {
        while (!order.isEmpty() && order.peekFirst().getValue().isBefore(now)) {
            expiries.remove(order.pollFirst().getKey());
        }
    }
}
