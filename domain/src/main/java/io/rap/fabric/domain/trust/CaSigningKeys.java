package io.rap.fabric.domain.trust;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps each cluster CA's unwrapped signing key and parsed certificate in memory, keyed by CA id
 * and key-encryption-key id, so an approval does not decrypt and parse them again (the
 * enrollment benchmark measured that work on every certificate).
 *
 * <p>The trade-off: a CA private key now stays in this server's heap from its first use until
 * the server stops, instead of for the few milliseconds of one signing. Anyone who can read the
 * heap can read {@code RAP_CA_KEK} there as well, so the exposure to that attacker does not
 * change; heap dumps of the server must be treated as secret either way. A different KEK or a
 * new CA gets a new key, so rotation never signs with a stale one; at most one entry per CA
 * and KEK exists.
 */
@ApplicationScoped
public class CaSigningKeys {

    /** A CA ready to sign. */
    public record Signer(X509Certificate certificate, PrivateKey key) {
    }

    private record Key(java.util.UUID caId, String kekId) {
    }

    private final Map<Key, Signer> signers = new ConcurrentHashMap<>();

    Signer get(java.util.UUID caId, String kekId, Supplier<Signer> unwrap) {
        return signers.computeIfAbsent(new Key(caId, kekId), k -> unwrap.get());
    }
}
