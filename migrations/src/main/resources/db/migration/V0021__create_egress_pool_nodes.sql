-- Which nodes back an egress pool (platform side only). The cluster is repeated so a pool can
-- only be backed by members of the cluster that serves its organization (checked by the service).
create table egress_pool_nodes (
    id             uuid         primary key,
    egress_pool_id uuid         not null references egress_pools (id),
    cluster_id     uuid         not null references clusters (id),
    node_id        uuid         not null references nodes (id),
    added_by       varchar(255) not null,
    created_at     timestamptz  not null,
    constraint egress_pool_nodes_pool_node_uk unique (egress_pool_id, node_id)
);
