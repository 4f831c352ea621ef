package io.rap.fabric.agent.fabric;

import java.util.Collection;
import java.util.Set;

/**
 * The certificate serials this node refuses on the fabric, fed from the signed snapshot's
 * {@code revokedSerials}. Read at every handshake and every origin assertion, so an update
 * applies to the next connection and stream without a restart.
 */
public final class RevocationSet {

    private volatile Set<String> serials = Set.of();

    /** Replaces the set; serials in lower-case hex as the snapshot lists them. */
    public void update(Collection<String> revokedSerials) {
        serials = Set.copyOf(revokedSerials);
    }

    public boolean isRevoked(String serialHex) {
        return serials.contains(serialHex);
    }

    public int size() {
        return serials.size();
    }
}
