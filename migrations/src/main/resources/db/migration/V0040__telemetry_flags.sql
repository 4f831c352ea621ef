-- Test telemetry flags: the platform owner turns extra, time-limited telemetry on for one node
-- membership, a whole cluster, or every node serving an organization. The agent learns its
-- effective flags with its desired state; what each flag does is in docs/agent.md.
--
-- cluster_id is set for every scope (an organization's flag carries its organization's cluster),
-- so a membership's effective flags are one index range per cluster. The check constraint keeps
-- each scope's columns exact: a node flag names a node, an organization flag an organization.
create table telemetry_flags (
    id              uuid         primary key,
    scope_type      varchar(20)  not null check (scope_type in ('node', 'cluster', 'organization')),
    cluster_id      uuid         not null references clusters (id),
    node_id         uuid         references nodes (id),
    organization_id uuid         references organizations (id),
    flag            varchar(64)  not null,
    reason          varchar(500) not null,
    enabled_by      varchar(255) not null,
    enabled_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    disabled_by     varchar(255),
    disabled_at     timestamptz,
    -- When the flag gave up its place in the one-active index: on disable, or when a later enable
    -- of the same flag and scope replaced it after it had expired. Expiry itself needs no job.
    closed_at       timestamptz,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint telemetry_flags_scope_columns check (
        (scope_type = 'node' and node_id is not null and organization_id is null)
        or (scope_type = 'cluster' and node_id is null and organization_id is null)
        or (scope_type = 'organization' and node_id is null and organization_id is not null)),
    constraint telemetry_flags_node_membership_fk foreign key (cluster_id, node_id)
        references cluster_memberships (cluster_id, node_id),
    constraint telemetry_flags_expiry_after_enable check (expires_at > enabled_at),
    constraint telemetry_flags_disabled_pair check ((disabled_by is null) = (disabled_at is null))
);
-- At most one open flag per scope and name. A unique index treats NULLs as distinct, so the
-- absent node or organization is folded to the nil UUID.
create unique index telemetry_flags_one_open_uk on telemetry_flags (scope_type, cluster_id,
    coalesce(node_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(organization_id, '00000000-0000-0000-0000-000000000000'), flag)
    where closed_at is null;
-- The effective flags of a membership (desired state, node page): open flags of its cluster.
create index telemetry_flags_cluster_open_ix on telemetry_flags (cluster_id, expires_at) where closed_at is null;
-- The owner's list, newest first.
create index telemetry_flags_enabled_ix on telemetry_flags (enabled_at desc, id);

-- The runtime block of the latest heartbeat (sent only while heartbeat_detail applies; null
-- otherwise), shown in the owner's Node Detail. In this file so the feature is one migration.
alter table node_latest_states add column runtime jsonb;
