package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void encodesRfc4648VectorsWithoutPadding(String text, String expected) {
        assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
        assertThat(new String(Base32.decode(expected + "======"), StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void roundTripsRandomKeys() {
        Random random = new Random(6238);
        for (int length = 0; length < 64; length++) {
            byte[] key = new byte[length];
            random.nextBytes(key);
            assertThat(Base32.decode(Base32.encode(key))).isEqualTo(key);
        }
    }
}
