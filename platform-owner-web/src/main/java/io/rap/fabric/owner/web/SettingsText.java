package io.rap.fabric.owner.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** Workload settings as a person types them: one {@code key=value} per line, blank lines ignored. */
final class SettingsText {

    private SettingsText() {
    }

    /**
     * @throws IllegalArgumentException naming the first line without '=' or with a repeated key;
     *         the domain checks keys and values themselves
     */
    static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(String.valueOf(i + 1));
            }
            if (settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(String.valueOf(i + 1));
            }
        }
        return settings;
    }

    static String format(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }
}
