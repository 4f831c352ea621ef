package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.OrganizationUserService;
import io.rap.fabric.domain.organization.OrganizationUserView;
import io.rap.fabric.domain.organization.UserInput;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/** Users of the organization: list, add, edit (display name, e-mail, status), remove. */
@Named
@ViewScoped
public class UsersPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationUserService users;

    private final PagedModel<OrganizationUserView> model = new PagedModel<>(page -> users.list(caller.get(), org(), page));
    private UUID editing;
    private long version;
    private String username;
    private String displayName;
    private String email;
    private String status = "active";

    public void edit(UUID userId) {
        try {
            OrganizationUserView user = users.get(caller.get(), org(), userId);
            editing = user.id();
            version = user.version();
            username = user.username();
            displayName = user.displayName();
            email = user.email();
            status = user.status();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void save() {
        try {
            UserInput input = new UserInput(username, displayName, email, status);
            OrganizationUserView saved = editing == null ? users.create(caller.get(), org(), input)
                    : users.update(caller.get(), org(), editing, version, input);
            Messages.info(editing == null ? "user.created" : "user.updated", saved.username());
            clear();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void delete(UUID userId) {
        try {
            users.delete(caller.get(), org(), userId);
            Messages.info("user.deleted");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void clear() {
        editing = null;
        username = displayName = email = null;
        status = "active";
    }

    public PagedModel<OrganizationUserView> getModel() { return model; }
    public boolean isEditing() { return editing != null; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
}
