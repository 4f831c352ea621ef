package io.rap.fabric.agent.fabric;

import io.netty.util.NetUtil;
import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.SnapshotPeer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The peers this node may reach, as the signed snapshot lists them (node id, addresses,
 * port, roles), and how many of them to keep active and warm (the snapshot's peer policy:
 * core and relay nodes keep more than a normal or thin node). Replaced as a whole on every
 * snapshot; read by relays, the path planner and the peer selection.
 */
public final class PeerTable {

    private record View(Map<UUID, SnapshotPeer> peers, PeerPolicy policy) {
    }

    private volatile View view = new View(Map.of(), PeerPolicy.NORMAL);

    /** Peers with the normal node's policy. */
    public void update(List<SnapshotPeer> snapshotPeers) {
        update(snapshotPeers, PeerPolicy.NORMAL);
    }

    /** @param policy the snapshot's; {@code null} (a snapshot without one) means the normal node's */
    public void update(List<SnapshotPeer> snapshotPeers, PeerPolicy policy) {
        Map<UUID, SnapshotPeer> next = new LinkedHashMap<>();
        snapshotPeers.forEach(p -> next.put(p.nodeId(), p));
        view = new View(java.util.Collections.unmodifiableMap(next), policy == null ? PeerPolicy.NORMAL : policy);
    }

    public Optional<SnapshotPeer> get(UUID nodeId) {
        return Optional.ofNullable(view.peers().get(nodeId));
    }

    public List<SnapshotPeer> all() {
        return List.copyOf(view.peers().values());
    }

    public PeerPolicy policy() {
        return view.policy();
    }

    /**
     * The first address of the peer that is an IP literal, with its port. Host names are
     * skipped: resolving one could block the event loop on DNS.
     */
    public Optional<InetSocketAddress> address(UUID nodeId) {
        SnapshotPeer peer = view.peers().get(nodeId);
        if (peer == null) {
            return Optional.empty();
        }
        for (String address : peer.addresses()) {
            if (NetUtil.isValidIpV4Address(address) || NetUtil.isValidIpV6Address(address)) {
                try {
                    return Optional.of(new InetSocketAddress(InetAddress.getByName(address), peer.port()));
                } catch (UnknownHostException e) {
                    // an IP literal does not need a lookup; cannot happen
                }
            }
        }
        return Optional.empty();
    }
}
