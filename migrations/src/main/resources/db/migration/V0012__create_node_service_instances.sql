-- The service workloads a person wants a node to run in one cluster (desired) next to what the
-- node last said about them (reported). A desired row is delivered to the node only while an
-- active role assignment of that membership authorizes its workload type; the node's reports
-- only ever touch the reported_* columns.
create table node_service_instances (
    id              uuid         primary key,
    cluster_id      uuid         not null references clusters (id),
    node_id         uuid         not null references nodes (id),
    name            varchar(128) not null,
    workload_type   varchar(64)  not null,
    settings        jsonb        not null default '{}'::jsonb,
    desired         varchar(20)  not null check (desired in ('enabled', 'disabled')),
    reported_state  varchar(20)  check (reported_state in ('starting', 'running', 'stopping', 'stopped', 'degraded', 'failed')),
    reported_reason varchar(1024),
    reported_at     timestamptz,
    created_by      varchar(255) not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint node_service_instances_cluster_node_name_uk unique (cluster_id, node_id, name),
    constraint node_service_instances_reported_together check (
        (reported_state is null and reported_at is null) or (reported_state is not null and reported_at is not null))
);
