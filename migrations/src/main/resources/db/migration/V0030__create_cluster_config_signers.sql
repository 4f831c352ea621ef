-- The key that signs a cluster's node snapshots. Its certificate is issued by the cluster CA
-- (URI urn:rap:cluster:<id>:config-signer, digital signatures only), so nodes trust it through
-- the CA they already hold. Like the CA key, the private key is stored only wrapped under the KEK.
create table cluster_config_signers (
    id                    uuid         primary key,
    cluster_id            uuid         not null references clusters (id),
    certificate_pem       text         not null,
    certificate_serial    varchar(64)  not null,
    encrypted_private_key bytea        not null,
    kek_id                varchar(64)  not null,
    not_before            timestamptz  not null,
    not_after             timestamptz  not null,
    status                varchar(20)  not null check (status in ('active', 'retired')),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null default 0
);
create unique index cluster_config_signers_active_uk on cluster_config_signers (cluster_id) where status = 'active';
