package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrictSelectionsTest {

    private static final String FOREIGN = "0b5e2a4c-1f3d-4c6e-9a8b-7d6c5b4a3f21";

    @Test
    void everySubmittedValueIsHandedOnSoThatFacesCanRefuseAForeignOne() {
        // the choices are not even consulted: Faces' own check refuses what is not among them
        assertThat(new StrictSelectManyMenuRenderer().validateSubmittedValues(null, null, new Object[0], "own",
                FOREIGN)).containsExactly("own", FOREIGN);
        assertThat(new StrictSelectManyCheckboxRenderer().validateSubmittedValues(null, null, null, "FUNDAY"))
                .containsExactly("FUNDAY");
        assertThat(StrictSelections.everySubmitted((String[]) null)).isEmpty();
    }
}
