package io.rap.fabric.protocol;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    /** The EC public key of RFC 7517 Appendix A.1; thumbprint computed independently. */
    private static final String RFC7517_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\","
            + "\"use\":\"enc\",\"kid\":\"1\"}";

    @Test
    void thumbprintFollowsRfc7638() {
        var key = Keys.fromJwk(JsonTest.parse(RFC7517_JWK));

        assertThat(Keys.thumbprint(key)).isEqualTo("cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s");
    }

    @Test
    void jwkRoundTripKeepsTheKey() {
        KeyPair pair = Keys.generateP256();

        assertThat(Keys.fromJwk(Keys.toJwk(pair.getPublic()))).isEqualTo(pair.getPublic());
        assertThat(Keys.thumbprint(pair.getPublic())).hasSize(43);
    }

    @Test
    void jwkOffTheCurveOrWithPrivatePartIsRefused() {
        String offCurve = RFC7517_JWK.replace("4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
                "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyA");
        String withD = RFC7517_JWK.replace("\"kid\":\"1\"", "\"d\":\"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE\"");

        assertThatThrownBy(() -> Keys.fromJwk(JsonTest.parse(offCurve))).hasMessage("jwk point is not on the P-256 curve");
        assertThatThrownBy(() -> Keys.fromJwk(JsonTest.parse(withD))).hasMessage("jwk must not contain a private key");
        assertThatThrownBy(() -> Keys.fromJwk(JsonTest.parse("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}")))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ProtocolException.UNSUPPORTED_KEY);
    }

    @Test
    void otherCurvesAndAlgorithmsAreRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = ec.generateKeyPair();

        assertThat(Keys.isP256(p384.getPublic())).isFalse();
        assertThatThrownBy(() -> Keys.thumbprint(p384.getPublic())).hasMessage("only EC P-256 keys are supported");
        assertThatThrownBy(() -> Keys.keyPairOf(p384.getPrivate())).hasMessage("only EC P-256 keys are supported");
    }

    @Test
    void publicKeyIsDerivedFromTheStoredPrivateKey() {
        KeyPair pair = Keys.generateP256();

        KeyPair derived = Keys.keyPairOf(Pem.parsePrivateKey(Pem.encodePrivateKey(pair.getPrivate())));

        assertThat(derived.getPublic()).isEqualTo(pair.getPublic());
    }

    @Test
    void fingerprintIsLowercaseHexSha256() {
        assertThat(Keys.fingerprintSha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
