package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    @Test
    void secureWhenPeopleUseHttpsUnlessSaidOtherwise() {
        assertThat(SessionCookies.secure(Optional.empty(), Optional.of("https://fabric.example.com"))).isTrue();
        assertThat(SessionCookies.secure(Optional.empty(), Optional.of("HTTPS://fabric.example.com"))).isTrue();
        assertThat(SessionCookies.secure(Optional.empty(), Optional.of("http://127.0.0.1:8080"))).isFalse();
        assertThat(SessionCookies.secure(Optional.empty(), Optional.empty())).isFalse();
        assertThat(SessionCookies.secure(Optional.of("true"), Optional.empty())).isTrue();
        assertThat(SessionCookies.secure(Optional.of("TRUE"), Optional.of("http://10.0.0.5"))).isTrue();
        assertThat(SessionCookies.secure(Optional.of("false"), Optional.of("https://fabric.example.com"))).isFalse();
    }

    @Test
    void anythingButTrueOrFalseStopsThePortal() {
        assertThatThrownBy(() -> SessionCookies.secure(Optional.of("yes please"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RAP_SECURE_COOKIES must be true or false");
    }
}
