package io.rap.fabric.devstack.keycloak;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords with the parameters of the realm's OTP policy:
 * HmacSHA1, 30 second steps, 6 digits. Used by tests and the dev stack to answer Keycloak's OTP form.
 */
public final class Totp {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;
    private static final String ALGORITHM = "HmacSHA1";
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** The last code {@link #unusedCode} handed out per secret, in this JVM. */
    private static final Map<String, String> LAST_HANDED_OUT = new HashMap<>();

    /**
     * The current code, or the next one when this JVM already handed out the current one for the
     * same secret: Keycloak refuses a code used twice in one period, also across sessions, so
     * every test and tool of one JVM logging in as the same person must take codes here.
     */
    public static synchronized String unusedCode(String base32Secret) throws InterruptedException {
        String code = code(base32Secret, Instant.now());
        while (code.equals(LAST_HANDED_OUT.get(base32Secret))) {
            Thread.sleep(500);
            code = code(base32Secret, Instant.now());
        }
        LAST_HANDED_OUT.put(base32Secret, code);
        return code;
    }

    /** The 6-digit code for the 30 s step containing {@code at}. */
    public static String code(String base32Secret, Instant at) {
        return code(Base32.decode(base32Secret), at, DIGITS);
    }

    static String code(byte[] key, Instant at, int digits) {
        if (digits < 1 || digits >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("digits must be 1..8");
        }
        long step = Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
        byte[] hash = hmac(key, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        // RFC 4226 §5.3 dynamic truncation: the low nibble of the last byte picks a 31-bit window.
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        int otp = binary % POWERS_OF_TEN[digits];
        return String.format("%0" + digits + "d", otp);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable TOTP key", e);
        } catch (GeneralSecurityException e) {
            // every Java SE runtime must provide HmacSHA1
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }
}
