-- node_role_assignments.organization_id was created before organizations existed (V0007).
alter table node_role_assignments
    add constraint node_role_assignments_organization_fk foreign key (organization_id) references organizations (id);
create index node_role_assignments_organization_ix on node_role_assignments (organization_id, role)
    where organization_id is not null;
