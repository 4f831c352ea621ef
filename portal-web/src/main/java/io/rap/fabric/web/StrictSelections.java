package io.rap.fabric.web;

import java.util.Arrays;
import java.util.List;

/** What the strict select renderers hand on to Faces: every submitted value, none left out. */
final class StrictSelections {

    private StrictSelections() {
    }

    static List<String> everySubmitted(String... submittedValues) {
        return submittedValues == null ? List.of() : Arrays.asList(submittedValues);
    }
}
