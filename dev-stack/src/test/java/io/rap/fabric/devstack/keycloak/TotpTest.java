package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B uses the ASCII bytes of this string as the HMAC-SHA1 key. */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
            "59,          94287082",
            "1111111109,  07081804",
            "1111111111,  14050471",
            "1234567890,  89005924",
            "2000000000,  69279037",
            "20000000000, 65353130"})
    void matchesRfc6238Sha1Vectors(long epochSeconds, String expected) {
        Instant at = Instant.ofEpochSecond(epochSeconds);

        assertThat(Totp.code(RFC_KEY, at, 8)).isEqualTo(expected);
        // the realm's 6 digits are the same truncated value modulo 10^6
        assertThat(Totp.code(Base32.encode(RFC_KEY), at)).isEqualTo(expected.substring(2));
    }

    @Test
    void keyIsTheBase32DecodedSecretNotItsText() {
        assertThat(Base32.encode(RFC_KEY)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.code("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", Instant.ofEpochSecond(59))).isEqualTo("287082");
    }

    @Test
    void codeIsStableWithinA30SecondStep() {
        String secret = Base32.encode(RFC_KEY);

        assertThat(Totp.code(secret, Instant.ofEpochSecond(60))).isEqualTo(Totp.code(secret, Instant.ofEpochSecond(89)));
        assertThat(Totp.code(secret, Instant.ofEpochSecond(89))).isNotEqualTo(Totp.code(secret, Instant.ofEpochSecond(90)));
    }

    @Test
    void rejectsCharactersOutsideTheBase32Alphabet() {
        assertThatThrownBy(() -> Totp.code("GEZDGNBV1", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }
}
