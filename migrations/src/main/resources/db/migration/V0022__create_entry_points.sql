-- An organization-visible ingress endpoint: the public name and port people connect to.
create table entry_points (
    id              uuid         primary key,
    organization_id uuid         not null references organizations (id),
    name            varchar(120) not null,
    public_hostname varchar(253) not null,
    public_port     integer      not null check (public_port between 1 and 65535),
    status          varchar(20)  not null check (status in ('active', 'disabled')),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint entry_points_org_name_uk unique (organization_id, name),
    constraint entry_points_id_org_uk unique (id, organization_id)
);
