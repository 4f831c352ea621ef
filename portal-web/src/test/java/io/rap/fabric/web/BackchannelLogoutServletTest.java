package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackchannelLogoutServletTest {

    @Test
    void takesTheOneLogoutTokenOfTheForm() {
        assertThat(BackchannelLogoutServlet.logoutToken("logout_token=eyJ.a-b_c.d%3D")).isEqualTo("eyJ.a-b_c.d=");
        assertThat(BackchannelLogoutServlet.logoutToken("other=1&logout_token=t")).isEqualTo("t");
    }

    @Test
    void refusesAFormWithoutOneToken() {
        assertThatThrownBy(() -> BackchannelLogoutServlet.logoutToken("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no logout_token");
        assertThatThrownBy(() -> BackchannelLogoutServlet.logoutToken("logout_token="))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackchannelLogoutServlet.logoutToken("logout_token=a&logout_token=b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than once");
        assertThatThrownBy(() -> BackchannelLogoutServlet.logoutToken("logout_token=%zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
