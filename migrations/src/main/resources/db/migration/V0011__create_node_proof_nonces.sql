-- Each node proof's unique id is accepted once per key within the proof window (replay guard).
create table node_proof_nonces (
    id             uuid        primary key,
    key_thumbprint varchar(64) not null,
    jti            varchar(128) not null,
    expires_at     timestamptz not null,
    constraint node_proof_nonces_key_jti_uk unique (key_thumbprint, jti)
);
create index node_proof_nonces_expires_ix on node_proof_nonces (expires_at);
