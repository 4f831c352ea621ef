-- Public identity material of a node in one cluster membership. Private keys never reach the
-- control plane: only the public key (and its RFC 7638 thumbprint) and the issued certificate.
create table node_identities (
    id                     uuid         primary key,
    node_id                uuid         not null references nodes (id),
    cluster_id             uuid         not null references clusters (id),
    public_key_pem         text         not null,
    key_thumbprint         varchar(64)  not null,
    certificate_pem        text         not null,
    certificate_serial     varchar(64)  not null,
    certificate_not_before timestamptz  not null,
    certificate_not_after  timestamptz  not null,
    identity_status        varchar(20)  not null check (identity_status in ('active', 'rotated', 'revoked')),
    rotated_at             timestamptz,
    revoked_at             timestamptz,
    revocation_reason      varchar(500),
    created_at             timestamptz  not null,
    updated_at             timestamptz  not null,
    version                bigint       not null default 0,
    constraint node_identities_cluster_serial_uk unique (cluster_id, certificate_serial)
);
create index node_identities_node_cluster_ix on node_identities (node_id, cluster_id);
create index node_identities_thumbprint_ix on node_identities (key_thumbprint);
