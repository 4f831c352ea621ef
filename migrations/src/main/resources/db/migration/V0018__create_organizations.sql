-- A tenant. Served by exactly one cluster: its resources, entry points and egress pools live in
-- that cluster. Organizations never see the cluster's nodes, trust material or other tenants;
-- the domain services enforce that (DESIGN.md golden rule 3).
create table organizations (
    id          uuid         primary key,
    name        varchar(120) not null,
    slug        varchar(63)  not null,
    cluster_id  uuid         not null references clusters (id),
    status      varchar(20)  not null check (status in ('active', 'suspended')),
    description varchar(500),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0,
    constraint organizations_slug_uk unique (slug),
    constraint organizations_slug_format check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
);
create index organizations_cluster_ix on organizations (cluster_id);
