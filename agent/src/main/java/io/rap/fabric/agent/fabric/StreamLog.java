package io.rap.fabric.agent.fabric;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;

/**
 * The last streams this fabric node accepted or refused, and why, kept in memory for status
 * output and tests. Bounded: the oldest entries go first.
 */
public final class StreamLog {

    static final int CAPACITY = 256;
    public static final String ACCEPTED = "accepted";

    /**
     * @param outcome {@link #ACCEPTED} or the refusal's code
     * @param peer    the connection's peer node (the relay for a relayed stream), when known
     * @param origin  the origin the stream was accepted for; {@code null} when refused
     */
    public record Entry(Instant at, String outcome, String detail, UUID peer, UUID origin) {
        public boolean refused() {
            return !ACCEPTED.equals(outcome);
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry entry) {
        if (entries.size() == CAPACITY) {
            entries.pollFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<Entry> recent() {
        return List.copyOf(entries);
    }

    public List<Entry> refusals() {
        return recent().stream().filter(Entry::refused).toList();
    }
}
