-- An organization-visible logical exit ("Office Moscow"). The nodes that back it are in
-- egress_pool_nodes, which the organization side never reads row by row: it sees a status
-- derived from their health, never which nodes they are.
create table egress_pools (
    id              uuid         primary key,
    organization_id uuid         not null references organizations (id),
    name            varchar(120) not null,
    region          varchar(64),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint egress_pools_org_name_uk unique (organization_id, name),
    constraint egress_pools_id_org_uk unique (id, organization_id)
);
