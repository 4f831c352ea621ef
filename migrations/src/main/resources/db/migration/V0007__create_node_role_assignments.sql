-- A role is what a node is authorized to do in one cluster (optionally for one organization).
-- organization_id gets its foreign key when organizations are introduced.
create table node_role_assignments (
    id              uuid         primary key,
    cluster_id      uuid         not null references clusters (id),
    node_id         uuid         not null references nodes (id),
    role            varchar(64)  not null,
    organization_id uuid,
    status          varchar(20)  not null check (status in ('active', 'disabled')),
    assigned_by     varchar(255) not null,
    assigned_at     timestamptz  not null,
    policy          jsonb        not null default '{}'::jsonb,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0
);
create index node_role_assignments_cluster_node_ix on node_role_assignments (cluster_id, node_id);
create unique index node_role_assignments_active_uk
    on node_role_assignments (cluster_id, node_id, role, coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid))
    where status = 'active';
