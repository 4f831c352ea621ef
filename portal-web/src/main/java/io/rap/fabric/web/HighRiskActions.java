package io.rap.fabric.web;

import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.shared.DomainException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a high-risk action; when the domain asks for a fresh step-up, parks the action in the
 * session, sends the person through the identity provider and, on return, runs it again once.
 * The domain makes the decision — this class only carries the person there and back.
 */
@RequestScoped
public class HighRiskActions {

    @Inject
    StepUpSession stepUp;

    public void run(ResumableAction action, Consumer<ResumableAction> call) {
        try {
            call.accept(action);
        } catch (StepUpRequiredException e) {
            String key = stepUp.park(action);
            redirect("/stepup/start?resume=" + key + "&page=" + URLEncoder.encode(action.page(), StandardCharsets.UTF_8));
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    /** For a page's view action: resumes the parked action named by {@code key}, at most once. */
    public void resume(String key, boolean stepUpFailed, Consumer<ResumableAction> call) {
        resume(stepUp.take(key), stepUpFailed, call);
    }

    /** The same, for a page with several beans: only an action {@code belongs} accepts is taken. */
    public void resume(String key, boolean stepUpFailed, Predicate<ResumableAction> belongs,
                       Consumer<ResumableAction> call) {
        resume(stepUp.takeIf(key, belongs), stepUpFailed, call);
    }

    private void resume(Optional<ResumableAction> parked, boolean stepUpFailed, Consumer<ResumableAction> call) {
        parked.ifPresent(action -> {
            if (stepUpFailed) {
                Messages.errorKey("stepup.failed");
            } else {
                try {
                    call.accept(action);
                } catch (StepUpRequiredException e) {
                    Messages.errorKey("stepup.failed");
                } catch (DomainException e) {
                    Messages.error(e);
                }
            }
            redirect(action.page());
        });
    }

    private static void redirect(String page) {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        try {
            external.redirect(external.getRequestContextPath() + page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
