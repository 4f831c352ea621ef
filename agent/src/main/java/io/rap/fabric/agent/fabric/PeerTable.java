package io.rap.fabric.agent.fabric;

import io.netty.util.NetUtil;
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
 * port, roles). Replaced as a whole on every snapshot; read by relays and the path planner.
 */
public final class PeerTable {

    private volatile Map<UUID, SnapshotPeer> peers = Map.of();

    public void update(List<SnapshotPeer> snapshotPeers) {
        Map<UUID, SnapshotPeer> next = new LinkedHashMap<>();
        snapshotPeers.forEach(p -> next.put(p.nodeId(), p));
        peers = java.util.Collections.unmodifiableMap(next);
    }

    public Optional<SnapshotPeer> get(UUID nodeId) {
        return Optional.ofNullable(peers.get(nodeId));
    }

    public List<SnapshotPeer> all() {
        return List.copyOf(peers.values());
    }

    /**
     * The first address of the peer that is an IP literal, with its port. Host names are
     * skipped: resolving one could block the event loop on DNS.
     */
    public Optional<InetSocketAddress> address(UUID nodeId) {
        SnapshotPeer peer = peers.get(nodeId);
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
