-- The heartbeat chart of the owner console (FleetHealth.heartbeatHistory) reads the last 24 hours
-- of the log bucketed by hour, counting each membership once per hour under its worst health. The
-- log grows by tens of thousands of rows an hour, so the chart must be an index range scan on the
-- receive time, and the included columns make it index-only (the log is append-only, so the
-- visibility map stays current after autovacuum).
create index node_heartbeats_received_ix on node_heartbeats (received_at) include (cluster_id, node_id, health);
