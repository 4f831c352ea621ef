-- Version of a membership's desired state (role assignments and desired workloads). Every change
-- that alters it increments this in the same transaction; heartbeat answers carry it so an agent
-- fetches its desired state only when it grew. It must never go back: an agent that saw version n
-- would otherwise miss the next change, so a trigger refuses any decrease.
alter table cluster_memberships
    add column desired_state_version bigint not null default 0 check (desired_state_version >= 0);

create function cluster_memberships_desired_state_version_grows() returns trigger language plpgsql as $$
begin
    if new.desired_state_version < old.desired_state_version then
        raise exception 'cluster_memberships.desired_state_version must not decrease';
    end if;
    return new;
end;
$$;
create trigger cluster_memberships_desired_state_version_grows before update on cluster_memberships
    for each row execute function cluster_memberships_desired_state_version_grows();
