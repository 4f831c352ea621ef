-- The revocation list of a cluster (node API, later the signed snapshot) reads the revoked
-- certificates that have not expired yet; revoked rows are few, so index only those.
create index node_identities_revoked_ix on node_identities (cluster_id, certificate_not_after)
    where identity_status = 'revoked';
