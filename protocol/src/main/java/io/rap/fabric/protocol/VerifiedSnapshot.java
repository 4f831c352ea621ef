package io.rap.fabric.protocol;

/** A snapshot whose signature, signer and scope were checked, with the SHA-256 of its signed bytes. */
public record VerifiedSnapshot(Snapshot snapshot, String payloadSha256) {
}
