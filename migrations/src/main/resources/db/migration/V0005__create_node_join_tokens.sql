-- Only the SHA-256 of a join token is stored; the raw value is shown once to its creator.
-- used_count is incremented with a guarded UPDATE so concurrent enrollments never exceed max_uses.
create table node_join_tokens (
    id            uuid         primary key,
    cluster_id    uuid         not null references clusters (id),
    token_hash    bytea        not null,
    description   varchar(200),
    allowed_roles jsonb        not null default '[]'::jsonb,
    expires_at    timestamptz  not null,
    max_uses      integer      not null check (max_uses between 1 and 1000),
    used_count    integer      not null default 0,
    created_by    varchar(255) not null,
    created_at    timestamptz  not null,
    revoked_at    timestamptz,
    revoked_by    varchar(255),
    version       bigint       not null default 0,
    constraint node_join_tokens_hash_uk unique (token_hash),
    constraint node_join_tokens_hash_length check (octet_length(token_hash) = 32),
    constraint node_join_tokens_uses check (used_count between 0 and max_uses)
);
create index node_join_tokens_cluster_ix on node_join_tokens (cluster_id, created_at desc);
