-- Fleet-wide risk views (FleetHealth) look for the few problem rows among many healthy ones:
-- memberships whose last heartbeat is older than the grace period, failed workloads, and which
-- roles a cluster holds. One migration for the three because they serve one query family and are
-- introduced together; each is independent of the others.
create index node_latest_states_last_heartbeat_ix on node_latest_states (last_heartbeat_at);
create index node_service_instances_failed_ix on node_service_instances (cluster_id, reported_at)
    where desired = 'enabled' and reported_state = 'failed';
create index node_role_assignments_active_role_ix on node_role_assignments (cluster_id, role, node_id)
    where status = 'active';
