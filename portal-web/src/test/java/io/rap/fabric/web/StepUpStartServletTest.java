package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepUpStartServletTest {

    private static final String ID = "0b5e2a4c-1f3d-4c6e-9a8b-7d6c5b4a3f21";

    @Test
    void returnsToOwnPagesWithTheirIdAndTheResumeKey() {
        assertThat(StepUpStartServlet.returnPage("/join-requests.xhtml", "k1")).isEqualTo("/join-requests.xhtml?resume=k1");
        assertThat(StepUpStartServlet.returnPage("/cluster.xhtml?id=" + ID, "k2"))
                .isEqualTo("/cluster.xhtml?id=" + ID + "&resume=k2");
        assertThat(StepUpStartServlet.returnPage("/node.xhtml?id=" + ID, null)).isEqualTo("/node.xhtml?id=" + ID);
    }

    @Test
    void anythingElseGoesHome() {
        assertThat(StepUpStartServlet.returnPage("//evil.example/x.xhtml", "k")).isEqualTo("/index.xhtml?resume=k");
        assertThat(StepUpStartServlet.returnPage("https://evil.example/", null)).isEqualTo("/index.xhtml");
        assertThat(StepUpStartServlet.returnPage("/cluster.xhtml?id=" + ID + "&next=https://evil.example", null))
                .isEqualTo("/index.xhtml");
        assertThat(StepUpStartServlet.returnPage("/cluster.xhtml?id=x", null)).isEqualTo("/index.xhtml");
        assertThat(StepUpStartServlet.returnPage(null, "bad key!")).isEqualTo("/index.xhtml");
    }
}
