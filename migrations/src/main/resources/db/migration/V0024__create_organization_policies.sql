-- Who (users) may reach which resources, from which entry points, when (weekdays + a time window
-- in the policy's time zone) and whether MFA is required. The three member tables repeat the
-- organization id so their composite foreign keys keep every member inside the policy's tenant.
-- weekdays: bit 0 = Monday ... bit 6 = Sunday. Window in minutes after midnight, end exclusive.
create table organization_policies (
    id                  uuid         primary key,
    organization_id     uuid         not null references organizations (id),
    name                varchar(120) not null,
    weekdays            smallint     not null check (weekdays between 1 and 127),
    window_start_minute smallint     not null check (window_start_minute between 0 and 1439),
    window_end_minute   smallint     not null check (window_end_minute between 1 and 1440),
    time_zone           varchar(64)  not null,
    mfa_required        boolean      not null,
    enabled             boolean      not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    version             bigint       not null default 0,
    constraint organization_policies_org_name_uk unique (organization_id, name),
    constraint organization_policies_id_org_uk unique (id, organization_id),
    constraint organization_policies_window check (window_start_minute < window_end_minute)
);

create table organization_policy_users (
    policy_id       uuid not null,
    organization_id uuid not null,
    user_id         uuid not null,
    primary key (policy_id, user_id),
    foreign key (policy_id, organization_id) references organization_policies (id, organization_id) on delete cascade,
    foreign key (user_id, organization_id) references organization_users (id, organization_id) on delete cascade
);
create index organization_policy_users_user_ix on organization_policy_users (user_id);

create table organization_policy_resources (
    policy_id       uuid not null,
    organization_id uuid not null,
    resource_id     uuid not null,
    primary key (policy_id, resource_id),
    foreign key (policy_id, organization_id) references organization_policies (id, organization_id) on delete cascade,
    foreign key (resource_id, organization_id) references organization_resources (id, organization_id) on delete cascade
);
create index organization_policy_resources_resource_ix on organization_policy_resources (resource_id);

create table organization_policy_entry_points (
    policy_id       uuid not null,
    organization_id uuid not null,
    entry_point_id  uuid not null,
    primary key (policy_id, entry_point_id),
    foreign key (policy_id, organization_id) references organization_policies (id, organization_id) on delete cascade,
    foreign key (entry_point_id, organization_id) references entry_points (id, organization_id) on delete cascade
);
create index organization_policy_entry_points_entry_ix on organization_policy_entry_points (entry_point_id);
