package io.rap.fabric.web;

import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.faces.component.UIComponent;
import jakarta.faces.component.UIData;
import jakarta.faces.context.FacesContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * A PrimeFaces lazy table backed by one paged domain query: the database pages (and sorts, for
 * tables built with {@link #sorted}), the table only shows. The loaders must be serializable
 * because view-scoped beans are.
 *
 * <p>One render costs one loader call, that is one count and one page in SQL. PrimeFaces (14, 15)
 * calls {@link #count} and then {@link #load} for every render; a domain page already carries its
 * total, so {@code count} runs no query and answers with the total of the last page loaded, and
 * {@code load} sets the fresh total. The only thing PrimeFaces does with the count in between is
 * to move a {@code first} past the end back to the last page; when the total shrank since (a
 * filter changed while the table stood on a later page), {@code load} does that itself with a
 * second call, the one case that costs two.
 */
public class PagedModel<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    /** A serializable page loader for a table that pages only. */
    public interface Loader<T> extends Function<PageRequest, Page<T>>, Serializable {
    }

    /** A serializable page loader for a table with sortable columns; {@code sortField} is null when none is sorted. */
    public interface SortedLoader<T> extends Serializable {
        Page<T> load(PageRequest page, String sortField, boolean ascending);
    }

    private final SortedLoader<T> loader;

    /** A table that pages only: column sorting, if any were declared, would not reach the query. */
    public PagedModel(Loader<T> loader) {
        this.loader = (page, sortField, ascending) -> loader.apply(page);
    }

    private PagedModel(SortedLoader<T> loader) {
        this.loader = loader;
    }

    /**
     * A table whose sorting also runs in the database: the sorted column's {@code field} and
     * direction go to the loader, which passes them to a domain query that accepts only the
     * fields it knows.
     */
    public static <T> PagedModel<T> sorted(SortedLoader<T> loader) {
        return new PagedModel<T>(loader);
    }

    /** No query: the total of the last page loaded, or 0 before the first (see the class comment). */
    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return getRowCount();
    }

    @Override
    public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        int size = Math.min(Math.max(pageSize, 1), PageRequest.MAX_LIMIT);
        String field = null;
        boolean ascending = true;
        for (SortMeta sort : sortBy == null ? List.<SortMeta>of() : sortBy.values()) {
            if (sort.getOrder() != null && !sort.getOrder().isUnsorted()) {
                field = sort.getField();
                ascending = sort.getOrder() == SortOrder.ASCENDING;
                break;
            }
        }
        Page<T> page = loader.load(new PageRequest(Math.max(first, 0), size), field, ascending);
        int total = (int) Math.min(Integer.MAX_VALUE, page.total());
        if (page.items().isEmpty() && first > 0 && total > 0) {
            int last = recalculateFirst(first, size, total);
            page = loader.load(new PageRequest(last, size), field, ascending);
            total = (int) Math.min(Integer.MAX_VALUE, page.total());
            moveTableTo(last);
        }
        setRowCount(total);
        return page.items();
    }

    /**
     * Lets the paginator show the page actually loaded, when the table asking is the current
     * component (it is while PrimeFaces renders it). Overridable because a unit test has no Faces.
     */
    protected void moveTableTo(int first) {
        FacesContext context = FacesContext.getCurrentInstance();
        if (context != null && UIComponent.getCurrentComponent(context) instanceof UIData table
                && table.getValue() == this) {
            table.setFirst(first);
        }
    }
}
