package io.rap.fabric.web;

import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A PrimeFaces lazy table backed by one paged domain query: the database pages, the table only
 * shows. The loader must be serializable because view-scoped beans are.
 */
public class PagedModel<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    /** A serializable page loader. */
    public interface Loader<T> extends Function<PageRequest, Page<T>>, Serializable {
    }

    private final Loader<T> loader;

    public PagedModel(Loader<T> loader) {
        this.loader = loader;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, loader.apply(PageRequest.first(1)).total());
    }

    @Override
    public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        Page<T> page = loader.apply(new PageRequest(first, Math.min(Math.max(pageSize, 1), PageRequest.MAX_LIMIT)));
        setRowCount((int) Math.min(Integer.MAX_VALUE, page.total()));
        return page.items();
    }
}
