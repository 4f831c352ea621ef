-- Which cluster or organization a person administers. The platform-wide scope comes from the
-- Keycloak realm role platform-owner; grants narrow cluster admins and organization admins.
create table admin_grants (
    id              uuid         primary key,
    subject         varchar(255) not null,
    scope_kind      varchar(20)  not null check (scope_kind in ('cluster', 'organization')),
    cluster_id      uuid         references clusters (id),
    organization_id uuid,
    granted_by      varchar(255) not null,
    created_at      timestamptz  not null,
    revoked_at      timestamptz,
    revoked_by      varchar(255),
    version         bigint       not null default 0,
    constraint admin_grants_scope_target check (
        (scope_kind = 'cluster' and cluster_id is not null and organization_id is null) or
        (scope_kind = 'organization' and organization_id is not null and cluster_id is null))
);
create index admin_grants_subject_ix on admin_grants (subject) where revoked_at is null;
