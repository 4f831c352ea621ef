-- A person's use of a resource (modeled only: no desktop traffic flows through the control plane).
-- requested -> active -> ended, or terminated by an organization admin.
create table access_sessions (
    id                 uuid         primary key,
    organization_id    uuid         not null references organizations (id),
    user_id            uuid         not null,
    resource_id        uuid         not null,
    entry_point_id     uuid         not null,
    policy_id          uuid,
    status             varchar(20)  not null check (status in ('requested', 'active', 'ended', 'terminated')),
    mfa_used           boolean      not null,
    requested_at       timestamptz  not null,
    started_at         timestamptz,
    ended_at           timestamptz,
    terminated_by      varchar(255),
    termination_reason varchar(500),
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    version            bigint       not null default 0,
    foreign key (user_id, organization_id) references organization_users (id, organization_id),
    foreign key (resource_id, organization_id) references organization_resources (id, organization_id),
    foreign key (entry_point_id, organization_id) references entry_points (id, organization_id),
    foreign key (policy_id, organization_id) references organization_policies (id, organization_id)
        on delete set null (policy_id)
);
create index access_sessions_org_status_ix on access_sessions (organization_id, status, requested_at desc);
