package io.rap.fabric.web;

import io.rap.fabric.domain.shared.DomainException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Growl messages for page results. A domain refusal is shown by its stable code, translated in
 * the bundle ({@code error.<code>}), falling back to its safe message; never a stack trace.
 */
public final class Messages {

    private Messages() {
    }

    public static void info(String key, Object... args) {
        add(FacesMessage.SEVERITY_INFO, text(key, args));
    }

    public static void error(DomainException e) {
        String key = "error." + e.code();
        add(FacesMessage.SEVERITY_ERROR, bundle().containsKey(key) ? bundle().getString(key) : e.getMessage());
    }

    public static void errorKey(String key, Object... args) {
        add(FacesMessage.SEVERITY_ERROR, text(key, args));
    }

    public static String text(String key, Object... args) {
        ResourceBundle bundle = bundle();
        String pattern = bundle.containsKey(key) ? bundle.getString(key) : key;
        return args.length == 0 ? pattern : MessageFormat.format(pattern, args);
    }

    private static ResourceBundle bundle() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces.getApplication().getResourceBundle(faces, "msg");
    }

    private static void add(FacesMessage.Severity severity, String text) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.addMessage(null, new FacesMessage(severity, text, null));
        faces.getExternalContext().getFlash().setKeepMessages(true);
    }
}
