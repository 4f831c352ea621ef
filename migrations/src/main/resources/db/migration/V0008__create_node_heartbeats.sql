-- Append-only heartbeat log plus one compact row per membership with the latest state, so
-- fleet lists never scan the log.
create table node_heartbeats (
    id            uuid        primary key,
    node_id       uuid        not null references nodes (id),
    cluster_id    uuid        not null references clusters (id),
    received_at   timestamptz not null,
    sent_at       timestamptz not null,
    health        varchar(20) not null check (health in ('healthy', 'degraded', 'unhealthy')),
    agent_version varchar(64),
    workloads     jsonb       not null default '[]'::jsonb
);
create index node_heartbeats_node_received_ix on node_heartbeats (node_id, received_at desc);

create table node_latest_states (
    id                uuid        primary key,
    node_id           uuid        not null references nodes (id),
    cluster_id        uuid        not null references clusters (id),
    health            varchar(20) not null check (health in ('healthy', 'degraded', 'unhealthy')),
    agent_version     varchar(64),
    last_heartbeat_at timestamptz not null,
    heartbeat_count   bigint      not null,
    workloads         jsonb       not null default '[]'::jsonb,
    updated_at        timestamptz not null,
    constraint node_latest_states_node_cluster_uk unique (node_id, cluster_id)
);
