-- Tamper-evident audit log: every row carries the SHA-256 of its canonical content chained to
-- the previous row's hash. Writers serialize on audit_chain_head (SELECT ... FOR UPDATE) so the
-- chain has no forks; triggers refuse UPDATE and DELETE.
create table cluster_audit_events (
    id              uuid         primary key,
    sequence_no     bigint       not null,
    occurred_at     timestamptz  not null,
    actor           varchar(255) not null,
    actor_kind      varchar(20)  not null check (actor_kind in ('person', 'node', 'system')),
    event_type      varchar(64)  not null,
    cluster_id      uuid,
    node_id         uuid,
    organization_id uuid,
    target_type     varchar(40),
    target_id       varchar(64),
    details         jsonb        not null default '{}'::jsonb,
    previous_hash   varchar(64)  not null,
    event_hash      varchar(64)  not null,
    constraint cluster_audit_events_sequence_uk unique (sequence_no)
);
create index cluster_audit_events_occurred_ix on cluster_audit_events (occurred_at desc);
create index cluster_audit_events_cluster_ix on cluster_audit_events (cluster_id, occurred_at desc);
create index cluster_audit_events_node_ix on cluster_audit_events (node_id, occurred_at desc);
create index cluster_audit_events_type_ix on cluster_audit_events (event_type, occurred_at desc);

-- Single row: the head of the chain. Its primary key is fixed on purpose (one chain).
create table audit_chain_head (
    id               smallint    primary key check (id = 1),
    last_sequence_no bigint      not null,
    last_hash        varchar(64) not null
);
insert into audit_chain_head (id, last_sequence_no, last_hash) values (1, 0, repeat('0', 64));

create function cluster_audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'cluster_audit_events is append-only';
end;
$$;
create trigger cluster_audit_events_no_update before update or delete on cluster_audit_events
    for each row execute function cluster_audit_events_append_only();
