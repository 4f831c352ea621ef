create table node_join_requests (
    id                    uuid         primary key,
    cluster_id            uuid         not null references clusters (id),
    join_token_id         uuid         not null references node_join_tokens (id),
    node_name             varchar(120) not null,
    host_fingerprint      varchar(128) not null,
    public_key_pem        text         not null,
    key_thumbprint        varchar(64)  not null,
    csr_pem               text         not null,
    reported_facts        jsonb        not null,
    reported_capabilities jsonb        not null,
    requested_roles       jsonb        not null,
    agent_version         varchar(64),
    source_address        varchar(64),
    status                varchar(20)  not null check (status in ('pending', 'approved', 'rejected', 'expired')),
    reviewed_by           varchar(255),
    reviewed_at           timestamptz,
    approved_node_id      uuid         references nodes (id),
    rejection_reason      varchar(500),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null default 0
);
create index node_join_requests_cluster_status_ix on node_join_requests (cluster_id, status, created_at desc);
create index node_join_requests_status_ix on node_join_requests (status, created_at desc);
create index node_join_requests_thumbprint_ix on node_join_requests (key_thumbprint);
