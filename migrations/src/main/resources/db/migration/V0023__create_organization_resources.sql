-- A target people may reach (RDP, VNC or SSH), through one of the organization's egress pools.
-- The composite foreign key makes a pool of another organization impossible, not just unlikely.
create table organization_resources (
    id              uuid         primary key,
    organization_id uuid         not null references organizations (id),
    name            varchar(120) not null,
    target_host     varchar(253) not null,
    port            integer      not null check (port between 1 and 65535),
    protocol        varchar(10)  not null check (protocol in ('rdp', 'vnc', 'ssh')),
    egress_pool_id  uuid         not null,
    description     varchar(500),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint organization_resources_org_name_uk unique (organization_id, name),
    constraint organization_resources_id_org_uk unique (id, organization_id),
    constraint organization_resources_pool_fk foreign key (egress_pool_id, organization_id)
        references egress_pools (id, organization_id)
);
