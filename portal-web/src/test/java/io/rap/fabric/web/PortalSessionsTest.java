package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PortalSessionsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final PortalSessions registry = new PortalSessions();

    @Test
    void endingAnSsoSessionInvalidatesExactlyItsSessions() {
        FakeSession first = new FakeSession("a", registry::destroyed);
        FakeSession second = new FakeSession("b", registry::destroyed);
        FakeSession other = new FakeSession("c", registry::destroyed);
        registry.seen(first, "sid-1", NOW);
        registry.seen(second, "sid-1", NOW);
        registry.seen(other, "sid-2", NOW);

        int ended = registry.end("sid-1", NOW);

        assertThat(ended).isEqualTo(2);
        assertThat(first.invalid).isTrue();
        assertThat(second.invalid).isTrue();
        assertThat(other.invalid).isFalse();
        assertThat(registry.sessionCount("sid-1")).isZero();
        assertThat(registry.sessionCount("sid-2")).isEqualTo(1);
    }

    @Test
    void endingAnUnknownSsoSessionEndsNothing() {
        FakeSession session = new FakeSession("a", registry::destroyed);
        registry.seen(session, "sid-1", NOW);

        assertThat(registry.end("sid-unknown", NOW)).isZero();
        assertThat(session.invalid).isFalse();
    }

    @Test
    void aSessionSeenAfterItsSsoSessionEndedIsRefusedForAnHour() {
        registry.end("sid-1", NOW);
        FakeSession late = new FakeSession("late", registry::destroyed);

        assertThat(registry.seen(late, "sid-1", NOW.plusSeconds(1))).isFalse();
        assertThat(registry.seen(late, "sid-1", NOW.plus(PortalSessions.ENDED_KEPT).minusSeconds(1))).isFalse();
        assertThat(registry.seen(late, "sid-1", NOW.plus(PortalSessions.ENDED_KEPT))).isTrue();
        assertThat(registry.seen(new FakeSession("x", registry::destroyed), "sid-2", NOW)).isTrue();
    }

    @Test
    void aSessionThatEndsOnItsOwnLeavesTheRegistry() {
        FakeSession session = new FakeSession("a", registry::destroyed);
        registry.seen(session, "sid-1", NOW);

        session.invalidate();

        assertThat(registry.sessionCount("sid-1")).isZero();
        assertThat(registry.end("sid-1", NOW)).isZero();
    }

    @Test
    void aSessionFollowsItsNewIdAndItsNewSsoSession() {
        FakeSession session = new FakeSession("old-id", registry::destroyed);
        registry.seen(session, "sid-1", NOW);

        session.id = "new-id";
        registry.idChanged(session, "old-id");
        assertThat(registry.sessionCount("sid-1")).isEqualTo(1);
        registry.seen(session, "sid-1", NOW);
        assertThat(registry.sessionCount("sid-1")).isEqualTo(1);

        registry.seen(session, "sid-2", NOW);
        assertThat(registry.sessionCount("sid-1")).isZero();
        assertThat(registry.end("sid-2", NOW)).isEqualTo(1);
        assertThat(session.invalid).isTrue();
    }

    @Test
    void aSessionInvalidatedMeanwhileIsNotCounted() {
        FakeSession session = new FakeSession("a", s -> { });
        registry.seen(session, "sid-1", NOW);
        session.invalidate();

        assertThat(registry.end("sid-1", NOW)).isZero();
    }

    @Test
    void rememberedEndsAreBounded() {
        for (int i = 0; i < PortalSessions.MAX_ENDED + 50; i++) {
            registry.end("sid-" + i, NOW.plusMillis(i));
        }

        assertThat(registry.endedCount()).isEqualTo(PortalSessions.MAX_ENDED);
        assertThat(registry.hasEnded("sid-0", NOW.plusSeconds(60))).isFalse();
        assertThat(registry.hasEnded("sid-" + (PortalSessions.MAX_ENDED + 49), NOW.plusSeconds(60))).isTrue();
    }

    @Test
    void aPortalWithoutTheListenerFailsLoudly() {
        ServletContext portal = (ServletContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> "/owner";
                    default -> null;
                });

        assertThatThrownBy(() -> PortalSessions.of(portal)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/owner");
    }

    /** Just enough of a container session: attributes, id, and invalidate calling the destroy listener. */
    private static final class FakeSession implements HttpSession {
        private final Map<String, Object> attributes = new HashMap<>();
        private final Consumer<HttpSession> onDestroy;
        String id;
        boolean invalid;

        FakeSession(String id, Consumer<HttpSession> onDestroy) {
            this.id = id;
            this.onDestroy = onDestroy;
        }

        @Override
        public void invalidate() {
            if (invalid) {
                throw new IllegalStateException("already invalidated");
            }
            onDestroy.accept(this);
            invalid = true;
            attributes.clear();
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public long getLastAccessedTime() {
            return 0;
        }

        @Override
        public ServletContext getServletContext() {
            return null;
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
        }

        @Override
        public int getMaxInactiveInterval() {
            return 0;
        }

        @Override
        public boolean isNew() {
            return false;
        }
    }
}
