package io.rap.fabric.web;

import jakarta.faces.component.UIInput;
import jakarta.faces.context.FacesContext;
import java.util.List;
import org.primefaces.component.selectmanymenu.SelectManyMenuRenderer;

/**
 * PrimeFaces' multi-select, except that a submitted value outside the choices is kept instead of
 * quietly dropped. PrimeFaces drops it while decoding, so a tampered post (another tenant's id in
 * a policy's user list) used to be saved without it; kept, it makes the standard Faces check "is
 * every value one of the choices" fail, and the whole form is refused with a message, nothing saved.
 * Registered for {@code p:selectManyMenu} in each portal WAR's faces-config.
 */
public class StrictSelectManyMenuRenderer extends SelectManyMenuRenderer {

    @Override
    protected List<String> validateSubmittedValues(FacesContext context, UIInput component, Object[] oldValues,
                                                   String... submittedValues) {
        return StrictSelections.everySubmitted(submittedValues);
    }
}
