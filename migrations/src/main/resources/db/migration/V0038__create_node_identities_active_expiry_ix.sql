-- Certificates about to expire (owner overview, health alerts) are the active identities ordered by
-- not-after; only active rows matter (rotated and revoked ones no longer need attention).
create index node_identities_active_expiry_ix on node_identities (certificate_not_after)
    where identity_status = 'active';
