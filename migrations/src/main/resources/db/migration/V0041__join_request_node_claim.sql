-- A join request may claim to be an existing node (proven at submission with a key of one of that
-- node's usable identities): approval then adds a membership to that node instead of creating one.
-- Null for a request that asked for a new node.
alter table node_join_requests add column claimed_node_id uuid references nodes (id);
