package io.rap.fabric.domain.infrastructure.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps CA private keys with AES-256-GCM under the key-encryption key (KEK) from server
 * configuration. The owning cluster id is bound as associated data, so a wrapped key copied to
 * another cluster's row does not decrypt. Layout: 12-byte nonce || ciphertext+tag.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;
    private final String kekId;

    public KeyEncryption(byte[] kekBytes) {
        if (kekBytes == null || kekBytes.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
        }
        this.kek = new SecretKeySpec(kekBytes.clone(), "AES");
        this.kekId = kekIdOf(kekBytes);
    }

    /** A non-secret identifier of the KEK (first 8 bytes of its SHA-256), stored beside wrapped keys. */
    public String kekId() {
        return kekId;
    }

    public byte[] wrap(byte[] plaintext, UUID owner) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(owner));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] unwrap(byte[] wrapped, UUID owner) {
        if (wrapped == null || wrapped.length <= NONCE_BYTES) {
            throw new KeyUnwrapException("wrapped key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(wrapped, 0, NONCE_BYTES)));
            cipher.updateAAD(aad(owner));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new KeyUnwrapException("wrapped key does not authenticate under this KEK and owner");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(UUID owner) {
        return ByteBuffer.allocate(16).putLong(owner.getMostSignificantBits())
                .putLong(owner.getLeastSignificantBits()).array();
    }

    private static String kekIdOf(byte[] kekBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(kekBytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The KEK is wrong or the stored key was altered. */
    public static final class KeyUnwrapException extends RuntimeException {
        KeyUnwrapException(String message) {
            super(message);
        }
    }
}
