-- The owner console's "expiring soon" list and its sort by end of validity read the active
-- certificates by not-after; on a large fleet that must not scan every identity ever issued.
create index node_identities_active_not_after_ix on node_identities (certificate_not_after)
    where identity_status = 'active';
