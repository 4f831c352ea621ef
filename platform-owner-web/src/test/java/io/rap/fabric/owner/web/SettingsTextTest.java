package io.rap.fabric.owner.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTextTest {

    @Test
    void readsOneKeyValuePerLineAndKeepsEqualsSignsInValues() {
        assertThat(SettingsText.parse(" executable = /usr/bin/sleep\r\n\narguments=60 --mode=x\n"))
                .containsExactly(Map.entry("executable", "/usr/bin/sleep"), Map.entry("arguments", "60 --mode=x"));
        assertThat(SettingsText.parse(null)).isEmpty();
        assertThat(SettingsText.parse("  \n ")).isEmpty();
    }

    @Test
    void namesTheLineWithoutAKeyOrWithARepeatedKey() {
        assertThatThrownBy(() -> SettingsText.parse("port=1\nno equals sign")).hasMessage("2");
        assertThatThrownBy(() -> SettingsText.parse("=value")).hasMessage("1");
        assertThatThrownBy(() -> SettingsText.parse("port=1\nport=2")).hasMessage("2");
    }

    @Test
    void formatsForATableCell() {
        assertThat(SettingsText.format(Map.of("port", "7443"))).isEqualTo("port=7443");
        assertThat(SettingsText.format(Map.of())).isEmpty();
    }
}
