-- The link inventory: the latest route health each node reported per peer and path (direct, or
-- through one relay). Telemetry like heartbeats: upserted per (cluster, node, peer, via), never
-- audited per report, read by the platform owner only. measured_at is the node's measurement
-- time: a report measured earlier than the stored row does not overwrite it.
create table node_links (
    id                   uuid        primary key,
    cluster_id           uuid        not null,
    node_id              uuid        not null,
    peer_node_id         uuid        not null,
    via_node_id          uuid,
    attempts             integer     not null check (attempts >= 0),
    failures             integer     not null check (failures between 0 and attempts),
    rtt_median_micros    bigint      check (rtt_median_micros >= 0),
    rtt_p99_micros       bigint      check (rtt_p99_micros >= 0),
    consecutive_failures integer     not null check (consecutive_failures >= 0),
    last_success_at      timestamptz,
    last_failure_at      timestamptz,
    measured_at          timestamptz not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    -- The reporter, the peer and the relay are members of the same cluster: the database refuses a
    -- link to another cluster's node even if a service forgot to check.
    constraint node_links_membership_fk foreign key (cluster_id, node_id)
        references cluster_memberships (cluster_id, node_id),
    constraint node_links_peer_membership_fk foreign key (cluster_id, peer_node_id)
        references cluster_memberships (cluster_id, node_id),
    constraint node_links_via_membership_fk foreign key (cluster_id, via_node_id)
        references cluster_memberships (cluster_id, node_id),
    constraint node_links_not_self_ck check (peer_node_id <> node_id
        and (via_node_id is null or (via_node_id <> node_id and via_node_id <> peer_node_id)))
);
-- One row per path; the direct path has no relay, and null would make every direct row distinct.
create unique index node_links_path_uk on node_links
    (cluster_id, node_id, peer_node_id, coalesce(via_node_id, cast('00000000-0000-0000-0000-000000000000' as uuid)));
-- The cluster page counts failing links per cluster.
create index node_links_cluster_failing_ix on node_links (cluster_id) where consecutive_failures > 0;
