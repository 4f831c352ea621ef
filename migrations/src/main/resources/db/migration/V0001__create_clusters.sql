-- A cluster is a bounded control and trust domain. Its authority state gates every trust
-- mutation (join approval, certificate issuance, role assignment): see cluster_authority_terms.
create table clusters (
    id          uuid         primary key,
    name        varchar(120) not null,
    slug        varchar(63)  not null,
    status      varchar(20)  not null check (status in ('active', 'disabled')),
    region      varchar(64),
    description varchar(500),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0,
    constraint clusters_slug_uk unique (slug),
    constraint clusters_slug_format check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
);

-- Current authority state and term of each cluster (one row per cluster); history lives in the audit log.
create table cluster_authority_terms (
    id         uuid         primary key,
    cluster_id uuid         not null references clusters (id),
    state      varchar(32)  not null check (state in ('healthy', 'degraded', 'minority_partition', 'fenced')),
    term       bigint       not null check (term >= 1),
    changed_at timestamptz  not null,
    changed_by varchar(255) not null,
    version    bigint       not null default 0,
    constraint cluster_authority_terms_cluster_uk unique (cluster_id)
);
