package io.rap.fabric.web;

import jakarta.faces.component.UIInput;
import jakarta.faces.context.FacesContext;
import java.util.List;
import org.primefaces.component.selectmanycheckbox.SelectManyCheckboxRenderer;

/** {@code p:selectManyCheckbox} with the same rule as {@link StrictSelectManyMenuRenderer}. */
public class StrictSelectManyCheckboxRenderer extends SelectManyCheckboxRenderer {

    @Override
    protected List<String> validateSubmittedValues(FacesContext context, UIInput component, Object[] oldValues,
                                                   String... submittedValues) {
        return StrictSelections.everySubmitted(submittedValues);
    }
}
