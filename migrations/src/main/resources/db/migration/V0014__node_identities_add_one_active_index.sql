-- Certificate rotation keeps the previous identity usable (status 'rotated') until it expires,
-- so a node can have several usable identities in one cluster, but only ever one 'active' one:
-- the certificate it should present. Two rotations racing must not both leave an active
-- identity; the service serializes them, and this index makes any mistake fail loudly.
create unique index node_identities_one_active_uk on node_identities (node_id, cluster_id)
    where identity_status = 'active';
