package io.rap.fabric.agent.fabric;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The certificate serials this node refuses on the fabric, fed from the signed snapshot's
 * {@code revokedSerials}. Read at every handshake and every origin assertion, so an update
 * applies to the next connection and stream without a restart; listeners (a running fabric
 * node) hear of every update, to end what the newly revoked still hold open.
 */
public final class RevocationSet {

    private volatile Set<String> serials = Set.of();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Replaces the set, then tells the listeners; serials in lower-case hex as the snapshot lists them. */
    public void update(Collection<String> revokedSerials) {
        serials = Set.copyOf(revokedSerials);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // one listener's failure must not keep the others (or the caller) from the update
            }
        }
    }

    /** Runs {@code listener} after every update, on the updating thread; it must not block. */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    public boolean isRevoked(String serialHex) {
        return serials.contains(serialHex);
    }

    public int size() {
        return serials.size();
    }
}
