package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.shared.DomainException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.ResourceBundle;

/** Growl messages for page results; domain refusals are shown with their safe message only. */
final class Messages {

    private Messages() {
    }

    static void info(String key, Object... args) {
        add(FacesMessage.SEVERITY_INFO, text(key, args));
    }

    static void error(DomainException e) {
        add(FacesMessage.SEVERITY_ERROR, e.getMessage());
    }

    static void errorKey(String key, Object... args) {
        add(FacesMessage.SEVERITY_ERROR, text(key, args));
    }

    static String text(String key, Object... args) {
        FacesContext faces = FacesContext.getCurrentInstance();
        ResourceBundle bundle = faces.getApplication().getResourceBundle(faces, "msg");
        String pattern = bundle.containsKey(key) ? bundle.getString(key) : key;
        return args.length == 0 ? pattern : java.text.MessageFormat.format(pattern, args);
    }

    private static void add(FacesMessage.Severity severity, String text) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.addMessage(null, new FacesMessage(severity, text, null));
        faces.getExternalContext().getFlash().setKeepMessages(true);
    }
}
