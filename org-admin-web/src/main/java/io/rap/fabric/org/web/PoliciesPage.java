package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.EntryPointService;
import io.rap.fabric.domain.organization.EntryPointView;
import io.rap.fabric.domain.organization.OrganizationResourceService;
import io.rap.fabric.domain.organization.OrganizationUserService;
import io.rap.fabric.domain.organization.OrganizationUserView;
import io.rap.fabric.domain.organization.OrganizationPolicyService;
import io.rap.fabric.domain.organization.PolicyInput;
import io.rap.fabric.domain.organization.PolicyView;
import io.rap.fabric.domain.organization.ResourceView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** Access policies: who may reach which resources, from which entry points, when, with or without MFA. */
@Named
@ViewScoped
public class PoliciesPage extends OrgPage {

    private static final long serialVersionUID = 1L;
    private static final PageRequest CHOICES = PageRequest.first(PageRequest.MAX_LIMIT);

    @Inject
    OrganizationPolicyService policies;

    @Inject
    OrganizationUserService users;

    @Inject
    OrganizationResourceService resources;

    @Inject
    EntryPointService entryPoints;

    private final PagedModel<PolicyView> model = new PagedModel<>(page -> policies.list(caller.get(), org(), page));
    private List<OrganizationUserView> userChoices = List.of();
    private List<ResourceView> resourceChoices = List.of();
    private List<EntryPointView> entryPointChoices = List.of();
    private UUID editing;
    private long version;
    private String name;
    private List<String> days = new ArrayList<>(defaultDays());
    private String windowStart = "00:00";
    private String windowEnd = "24:00";
    private String timeZone = "UTC";
    private boolean mfaRequired = true;
    private boolean enabled = true;
    private List<UUID> userIds = new ArrayList<>();
    private List<UUID> resourceIds = new ArrayList<>();
    private List<UUID> entryPointIds = new ArrayList<>();

    @Override
    protected void loaded() {
        try {
            userChoices = users.list(caller.get(), org(), CHOICES).items();
            resourceChoices = resources.list(caller.get(), org(), CHOICES).items();
            entryPointChoices = entryPoints.list(caller.get(), org(), CHOICES).items();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void edit(UUID policyId) {
        try {
            PolicyView p = policies.get(caller.get(), org(), policyId);
            editing = p.id();
            version = p.version();
            name = p.name();
            days = new ArrayList<>(p.days().stream().map(DayOfWeek::name).toList());
            windowStart = p.windowStart();
            windowEnd = p.windowEnd();
            timeZone = p.timeZone();
            mfaRequired = p.mfaRequired();
            enabled = p.enabled();
            userIds = new ArrayList<>(p.users().stream().map(PolicyView.Member::id).toList());
            resourceIds = new ArrayList<>(p.resources().stream().map(PolicyView.Member::id).toList());
            entryPointIds = new ArrayList<>(p.entryPoints().stream().map(PolicyView.Member::id).toList());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void save() {
        try {
            EnumSet<DayOfWeek> chosen = EnumSet.noneOf(DayOfWeek.class);
            days.stream().filter(d -> Arrays.stream(DayOfWeek.values()).anyMatch(v -> v.name().equals(d)))
                    .map(DayOfWeek::valueOf).forEach(chosen::add);
            PolicyInput input = new PolicyInput(name, chosen, windowStart, windowEnd, timeZone, mfaRequired, enabled,
                    new HashSet<>(userIds), new HashSet<>(resourceIds), new HashSet<>(entryPointIds));
            PolicyView saved = editing == null ? policies.create(caller.get(), org(), input)
                    : policies.update(caller.get(), org(), editing, version, input);
            Messages.info(editing == null ? "policy.created" : "policy.updated", saved.name());
            clear();
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void delete(UUID policyId) {
        try {
            policies.delete(caller.get(), org(), policyId);
            Messages.info("policy.deleted");
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public void clear() {
        editing = null;
        name = null;
        days = new ArrayList<>(defaultDays());
        windowStart = "00:00";
        windowEnd = "24:00";
        timeZone = "UTC";
        mfaRequired = true;
        enabled = true;
        userIds = new ArrayList<>();
        resourceIds = new ArrayList<>();
        entryPointIds = new ArrayList<>();
    }

    private static List<String> defaultDays() {
        return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY).stream().map(DayOfWeek::name).toList();
    }

    /** For the day check boxes, Monday first. */
    public List<String> getAllDays() {
        return Arrays.stream(DayOfWeek.values()).map(DayOfWeek::name).toList();
    }

    public String days(java.util.Set<DayOfWeek> chosen) {
        return String.join(", ", chosen.stream().sorted().map(d -> Messages.text("day.short." + d.name())).toList());
    }

    public String members(List<PolicyView.Member> members) {
        return String.join(", ", members.stream().map(PolicyView.Member::name).toList());
    }

    public PagedModel<PolicyView> getModel() { return model; }
    public List<OrganizationUserView> getUserChoices() { return userChoices; }
    public List<ResourceView> getResourceChoices() { return resourceChoices; }
    public List<EntryPointView> getEntryPointChoices() { return entryPointChoices; }
    public boolean isEditing() { return editing != null; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<String> getDays() { return days; }
    public void setDays(List<String> days) { this.days = days == null ? new ArrayList<>() : days; }
    public String getWindowStart() { return windowStart; }
    public void setWindowStart(String windowStart) { this.windowStart = windowStart; }
    public String getWindowEnd() { return windowEnd; }
    public void setWindowEnd(String windowEnd) { this.windowEnd = windowEnd; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
    public boolean isMfaRequired() { return mfaRequired; }
    public void setMfaRequired(boolean mfaRequired) { this.mfaRequired = mfaRequired; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<UUID> getUserIds() { return userIds; }
    public void setUserIds(List<UUID> userIds) { this.userIds = userIds == null ? new ArrayList<>() : userIds; }
    public List<UUID> getResourceIds() { return resourceIds; }
    public void setResourceIds(List<UUID> ids) { this.resourceIds = ids == null ? new ArrayList<>() : ids; }
    public List<UUID> getEntryPointIds() { return entryPointIds; }
    public void setEntryPointIds(List<UUID> ids) { this.entryPointIds = ids == null ? new ArrayList<>() : ids; }
}
