-- A node that leaves a cluster on its own (rap-node-agent leave) ends its membership as 'left',
-- distinct from one the platform owner disabled or revoked.
alter table cluster_memberships drop constraint cluster_memberships_status_check;
alter table cluster_memberships add constraint cluster_memberships_status_check
    check (status in ('active', 'disabled', 'revoked', 'left'));
