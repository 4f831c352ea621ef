package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.ServerUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerUrlTest {

    @Test
    void keepsSchemeHostPortAndPathPrefix() {
        assertThat(ServerUrl.parse("https://cp.example:8443/rap/", false)).hasToString("https://cp.example:8443/rap");
        assertThat(ServerUrl.parse("HTTPS://cp.example", false)).hasToString("https://cp.example");
    }

    @Test
    void plainHttpOnlyForLoopbackOrWhenAllowed() {
        assertThat(ServerUrl.parse("http://127.0.0.1:8080", false)).hasToString("http://127.0.0.1:8080");
        assertThat(ServerUrl.parse("http://[::1]:8080", false)).hasToString("http://[::1]:8080");
        assertThat(ServerUrl.parse("http://localhost", false)).hasToString("http://localhost");
        assertThat(ServerUrl.parse("http://cp.example", true)).hasToString("http://cp.example");
        assertThatThrownBy(() -> ServerUrl.parse("http://cp.example", false)).hasMessageContaining("must use https://");
        assertThatThrownBy(() -> ServerUrl.parse("http://beef", false)).hasMessageContaining("must use https://");
    }

    @Test
    void refusesWhatCannotBeABaseUrl() {
        assertThatThrownBy(() -> ServerUrl.parse("cp.example", false)).hasMessageContaining("must start with https://");
        assertThatThrownBy(() -> ServerUrl.parse("https://cp.example/?a=b", false)).hasMessageContaining("query");
        assertThatThrownBy(() -> ServerUrl.parse("https://user:pw@cp.example", false)).hasMessageContaining("user info");
    }
}
