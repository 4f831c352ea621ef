-- admin_grants.organization_id was created before organizations existed (V0010).
alter table admin_grants
    add constraint admin_grants_organization_fk foreign key (organization_id) references organizations (id);
