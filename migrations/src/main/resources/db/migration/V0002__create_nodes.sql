-- A node is a host-level identity owned by its native agent. Enrollment status is kept apart
-- from health: health is derived from heartbeats (node_latest_states).
create table nodes (
    id                uuid         primary key,
    name              varchar(120) not null,
    host_fingerprint  varchar(128) not null,
    enrollment_status varchar(20)  not null check (enrollment_status in ('enrolled', 'revoked')),
    hostname          varchar(255),
    os                varchar(255),
    kernel            varchar(255),
    arch              varchar(64),
    cpu_count         integer,
    memory_bytes      bigint,
    facts             jsonb        not null default '{}'::jsonb,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null default 0
);
create index nodes_host_fingerprint_ix on nodes (host_fingerprint);

create table cluster_memberships (
    id           uuid        primary key,
    cluster_id   uuid        not null references clusters (id),
    node_id      uuid        not null references nodes (id),
    status       varchar(20) not null check (status in ('active', 'disabled', 'revoked')),
    joined_at    timestamptz not null,
    last_seen_at timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint      not null default 0,
    constraint cluster_memberships_cluster_node_uk unique (cluster_id, node_id)
);
create index cluster_memberships_node_ix on cluster_memberships (node_id);

-- What the agent reports the host can do. Never a permission: see node_role_assignments.
create table node_capabilities (
    id          uuid        primary key,
    node_id     uuid        not null references nodes (id),
    capability  varchar(64) not null,
    reported_at timestamptz not null,
    constraint node_capabilities_node_capability_uk unique (node_id, capability)
);
