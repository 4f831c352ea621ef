-- The organization audit page lists one organization's events, newest first.
create index cluster_audit_events_organization_ix on cluster_audit_events (organization_id, sequence_no desc)
    where organization_id is not null;
