package io.rap.fabric.domain.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

class NodeFilterTest {

    @Test
    void blankParametersMeanAny() {
        NodeFilter filter = NodeFilter.of("", "  ", null);
        assertThat(filter.isEmpty()).isTrue();
        assertThat(filter).isEqualTo(NodeFilter.none());
    }

    @Test
    void knownValuesAreKeptTrimmed() {
        assertThat(NodeFilter.of(" silent ", "active", "core-mesh"))
                .isEqualTo(new NodeFilter("silent", "active", "core-mesh"));
        for (String health : NodeFilter.HEALTH) {
            assertThat(NodeFilter.of(health, null, null).health()).isEqualTo(health);
        }
    }

    @Test
    void unknownValuesAreRefusedWithTheirField() {
        assertThatThrownBy(() -> NodeFilter.of("sick", null, null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "health");
        assertThatThrownBy(() -> NodeFilter.of(null, "gone", null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "status");
        assertThatThrownBy(() -> NodeFilter.of(null, null, "pilot")).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "role");
        // case matters: values come from links the console itself writes
        assertThatThrownBy(() -> NodeFilter.of("Silent", null, null)).isInstanceOf(ValidationException.class);
    }
}
