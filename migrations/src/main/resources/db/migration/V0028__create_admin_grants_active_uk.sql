-- One active grant per person and scope: a second grant of the same scope would make revoking
-- the first one look effective while access continued.
create unique index admin_grants_active_uk
    on admin_grants (subject, scope_kind, coalesce(cluster_id, organization_id))
    where revoked_at is null;
