package io.rap.fabric.domain.infrastructure.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyEncryptionTest {

    private static final byte[] KEK = new byte[32];
    private static final byte[] OTHER_KEK = new byte[32];

    static {
        Arrays.fill(KEK, (byte) 7);
        Arrays.fill(OTHER_KEK, (byte) 9);
    }

    private final UUID cluster = UUID.fromString("11111111-2222-3333-4444-555555555555");

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);
        KeyEncryption kek = new KeyEncryption(KEK);
        byte[] wrapped = kek.wrap(secret, cluster);
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).doesNotContain("private key bytes");
        assertThat(kek.unwrap(wrapped, cluster)).isEqualTo(secret);
        assertThat(kek.wrap(secret, cluster)).isNotEqualTo(wrapped);
    }

    @Test
    void refusesAnotherOwnerAnotherKekAndTampering() {
        KeyEncryption kek = new KeyEncryption(KEK);
        byte[] wrapped = kek.wrap(new byte[] {1, 2, 3}, cluster);
        assertThatThrownBy(() -> kek.unwrap(wrapped, UUID.randomUUID())).isInstanceOf(KeyEncryption.KeyUnwrapException.class);
        assertThatThrownBy(() -> new KeyEncryption(OTHER_KEK).unwrap(wrapped, cluster))
                .isInstanceOf(KeyEncryption.KeyUnwrapException.class);
        byte[] tampered = wrapped.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> kek.unwrap(tampered, cluster)).isInstanceOf(KeyEncryption.KeyUnwrapException.class);
        assertThatThrownBy(() -> kek.unwrap(new byte[5], cluster)).isInstanceOf(KeyEncryption.KeyUnwrapException.class);
    }

    @Test
    void kekIdIdentifiesTheKeyWithoutRevealingIt() {
        assertThat(new KeyEncryption(KEK).kekId()).hasSize(16).isEqualTo(new KeyEncryption(KEK).kekId())
                .isNotEqualTo(new KeyEncryption(OTHER_KEK).kekId());
        assertThatThrownBy(() -> new KeyEncryption(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
