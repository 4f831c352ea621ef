package io.rap.fabric.domain.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinTokensTest {

    @Test
    void rawTokensCarry256RandomBitsAndAreRecognised() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String raw = JoinTokens.newRawToken();
            assertThat(raw).startsWith("rapjt_").hasSize(JoinTokens.RAW_LENGTH);
            assertThat(JoinTokens.looksValid(raw)).isTrue();
            seen.add(raw);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void malformedTokensAreRecognisedBeforeAnyLookup() {
        assertThat(JoinTokens.looksValid(null)).isFalse();
        assertThat(JoinTokens.looksValid("")).isFalse();
        assertThat(JoinTokens.looksValid("rapjt_short")).isFalse();
        assertThat(JoinTokens.looksValid("xxxxx_" + "a".repeat(43))).isFalse();
        assertThat(JoinTokens.looksValid("rapjt_" + "a".repeat(42) + "'")).isFalse();
    }

    @Test
    void hashIsSha256OfTheRawValue() {
        String raw = JoinTokens.newRawToken();
        assertThat(JoinTokens.hash(raw)).hasSize(32).isEqualTo(JoinTokens.hash(raw));
        assertThat(JoinTokens.hash(raw)).isNotEqualTo(JoinTokens.hash(JoinTokens.newRawToken()));
    }
}
