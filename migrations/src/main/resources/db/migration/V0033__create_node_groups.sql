-- Node groups: cluster-scoped inventory folders for people (sites, regions, maintenance rings).
-- Never a permission: authorization stays with memberships, role assignments and policies.
--
-- A parent must be in the same cluster. The composite foreign key (cluster_id, parent_id) ->
-- (cluster_id, id) says so in the database, so no code path can build a tree that crosses
-- clusters; the unique (cluster_id, id) exists only to be its target.
create table node_groups (
    id         uuid         primary key,
    cluster_id uuid         not null references clusters (id),
    parent_id  uuid,
    name       varchar(120) not null,
    created_at timestamptz  not null,
    created_by varchar(255) not null,
    updated_at timestamptz  not null,
    version    bigint       not null default 0,
    constraint node_groups_cluster_id_uk unique (cluster_id, id),
    constraint node_groups_parent_fk foreign key (cluster_id, parent_id) references node_groups (cluster_id, id),
    constraint node_groups_not_own_parent check (parent_id is null or parent_id <> id),
    constraint node_groups_name_not_blank check (length(btrim(name)) > 0)
);
-- Sibling names are unique, case-insensitively. A unique index treats NULLs as distinct, so the
-- roots (parent_id null) get an index of their own.
create unique index node_groups_sibling_name_uk on node_groups (cluster_id, parent_id, lower(name))
    where parent_id is not null;
create unique index node_groups_root_name_uk on node_groups (cluster_id, lower(name))
    where parent_id is null;
create index node_groups_parent_ix on node_groups (parent_id) where parent_id is not null;

-- The group of a membership: a column on the membership, so a membership is in at most one group
-- of its cluster by construction (and a node may be in different groups in different clusters).
-- In this file rather than one of its own because its foreign key needs node_groups.
alter table cluster_memberships add column node_group_id uuid;
alter table cluster_memberships add constraint cluster_memberships_node_group_fk
    foreign key (cluster_id, node_group_id) references node_groups (cluster_id, id);
-- Serves the node lists' group filter, the member counts of the tree and the foreign key check
-- when a group is deleted.
create index cluster_memberships_node_group_ix on cluster_memberships (cluster_id, node_group_id)
    where node_group_id is not null;
