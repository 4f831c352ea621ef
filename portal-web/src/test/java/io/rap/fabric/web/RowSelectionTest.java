package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowSelectionTest {

    @Test
    void onlyTickedRowsTravelAndComeBackInOrder() {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        UUID c = UUID.fromString("00000000-0000-0000-0000-00000000000c");
        RowSelection selection = new RowSelection();
        assertThat(selection.isEmpty()).isTrue();
        selection.getTicked().put(c, true);
        selection.getTicked().put(b, false);
        selection.getTicked().put(a, true);
        assertThat(selection.isEmpty()).isFalse();
        assertThat(RowSelection.ids(selection.argument())).containsExactly(a, c);
        selection.clear();
        assertThat(selection.isEmpty()).isTrue();
        assertThat(RowSelection.ids(selection.argument())).isEmpty();
    }

    @Test
    void aMalformedArgumentFails() {
        assertThatThrownBy(() -> RowSelection.ids("not-a-uuid")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RowSelection.ids(null)).isEqualTo(List.of());
    }
}
