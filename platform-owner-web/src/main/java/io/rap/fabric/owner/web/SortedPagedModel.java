package io.rap.fabric.owner.web;

import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.PagedModel;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * A lazy table whose sorting also runs in the database: the column's {@code field} and direction
 * go to the loader, which passes them to a domain query that accepts only the fields it knows.
 * (PagedModel pages only; this is its sibling for tables with sortable columns.)
 */
public class SortedPagedModel<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    /** A serializable page loader; {@code sortField} is null when no column is sorted. */
    public interface Loader<T> extends Serializable {
        Page<T> load(PageRequest page, String sortField, boolean ascending);
    }

    private final Loader<T> loader;

    public SortedPagedModel(Loader<T> loader) {
        this.loader = loader;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, loader.load(PageRequest.first(1), null, true).total());
    }

    @Override
    public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        String field = null;
        boolean ascending = true;
        for (SortMeta sort : sortBy.values()) {
            if (sort.getOrder() != null && !sort.getOrder().isUnsorted()) {
                field = sort.getField();
                ascending = sort.getOrder() == SortOrder.ASCENDING;
                break;
            }
        }
        Page<T> page = loader.load(new PageRequest(first, Math.min(Math.max(pageSize, 1), PageRequest.MAX_LIMIT)),
                field, ascending);
        setRowCount((int) Math.min(Integer.MAX_VALUE, page.total()));
        return page.items();
    }
}
