-- The platform owner asks a node to rotate one certificate now (instead of waiting for the
-- agent's own rotation at two thirds of the lifetime). The request names the identity whose key
-- the node proves its heartbeats with; the heartbeat answer says "rotate" while it is open, and
-- the rotation that replaces that identity fulfils it.
create table certificate_rotation_requests (
    id                   uuid         primary key,
    node_identity_id     uuid         not null references node_identities (id),
    node_id              uuid         not null references nodes (id),
    cluster_id           uuid         not null references clusters (id),
    request_status       varchar(20)  not null check (request_status in ('open', 'fulfilled', 'cancelled')),
    reason               varchar(500) not null,
    requested_by         varchar(255) not null,
    requested_at         timestamptz  not null,
    closed_by            varchar(255),
    closed_at            timestamptz,
    -- the identity the rotation created (fulfilled requests only)
    fulfilled_by_identity_id uuid references node_identities (id),
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null,
    version              bigint       not null default 0,
    constraint certificate_rotation_requests_closed_ck check ((request_status = 'open') = (closed_at is null))
);
-- At most one open request per certificate: two owners asking at once get one request and one
-- clear conflict. The same index serves the lookup every heartbeat makes (open request for the
-- identity the proof used) and the trust page's marker.
create unique index certificate_rotation_requests_one_open_uk on certificate_rotation_requests (node_identity_id)
    where request_status = 'open';
-- The history of one membership (node page) and the foreign key checks of node deletion.
create index certificate_rotation_requests_node_ix on certificate_rotation_requests (node_id, cluster_id);
