-- The last snapshot signed for each node membership. Kept so that an unchanged content is
-- answered with the very same signed bytes (a node refuses a second, different payload under a
-- version it already applied), and so versions only grow.
create table node_snapshots (
    node_id        uuid         not null references nodes (id),
    cluster_id     uuid         not null references clusters (id),
    version        bigint       not null check (version > 0),
    content_sha256 varchar(64)  not null,
    payload        bytea        not null,
    signature      bytea        not null,
    signer_id      uuid         not null references cluster_config_signers (id),
    issued_at      timestamptz  not null,
    expires_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    primary key (node_id, cluster_id)
);
