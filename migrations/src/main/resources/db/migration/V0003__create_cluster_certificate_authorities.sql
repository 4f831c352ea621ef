-- One active CA per cluster. The private key is stored only encrypted (AES-256-GCM) under a
-- key-encryption key that lives in server configuration, never in this database.
create table cluster_certificate_authorities (
    id                    uuid         primary key,
    cluster_id            uuid         not null references clusters (id),
    subject               varchar(255) not null,
    certificate_pem       text         not null,
    certificate_serial    varchar(64)  not null,
    encrypted_private_key bytea        not null,
    kek_id                varchar(64)  not null,
    not_before            timestamptz  not null,
    not_after             timestamptz  not null,
    status                varchar(20)  not null check (status in ('active', 'retired')),
    created_at            timestamptz  not null
);
create unique index cluster_certificate_authorities_active_uk
    on cluster_certificate_authorities (cluster_id) where status = 'active';
