package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpiredViewExceptionHandlerTest {

    @Test
    void reloadsTheExpiredPageItself() {
        assertThat(ExpiredViewExceptionHandler.reloadTarget("/users.xhtml")).isEqualTo("/users.xhtml");
        assertThat(ExpiredViewExceptionHandler.reloadTarget("/join-requests.xhtml")).isEqualTo("/join-requests.xhtml");
    }

    @Test
    void anythingThatIsNotOneOfThePortalsPagesReloadsTheStartPage() {
        assertThat(ExpiredViewExceptionHandler.reloadTarget(null)).isEqualTo("/index.xhtml");
        assertThat(ExpiredViewExceptionHandler.reloadTarget("//evil.example/x.xhtml")).isEqualTo("/index.xhtml");
        assertThat(ExpiredViewExceptionHandler.reloadTarget("/users.xhtml?next=https://evil.example"))
                .isEqualTo("/index.xhtml");
        assertThat(ExpiredViewExceptionHandler.reloadTarget("/WEB-INF/templates/layout.xhtml"))
                .isEqualTo("/index.xhtml");
    }
}
