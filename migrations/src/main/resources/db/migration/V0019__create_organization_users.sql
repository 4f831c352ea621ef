-- People of an organization who may use its resources. Tied to a Keycloak account by its
-- username (preferred_username): the realm forbids changing usernames (editUsernameAllowed=false),
-- and an admin can type a username, never a subject id. Lower-case, unique per organization.
-- (id, organization_id) is unique so tenant-owned rows can reference a user of their own tenant only.
create table organization_users (
    id              uuid         primary key,
    organization_id uuid         not null references organizations (id),
    username        varchar(255) not null,
    display_name    varchar(120),
    email           varchar(255),
    status          varchar(20)  not null check (status in ('active', 'disabled')),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint organization_users_org_username_uk unique (organization_id, username),
    constraint organization_users_id_org_uk unique (id, organization_id),
    constraint organization_users_username_lower check (username = lower(username))
);
