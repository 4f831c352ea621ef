package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The loader calls a table render costs. {@link #render} does what PrimeFaces 15's
 * {@code DataTable.loadLazyScrollData} does: {@code setRowCount(count(filters))}, move a
 * {@code first} past that count back to the last page, then {@code load}.
 */
class PagedModelTest {

    /** A table of {@code total} numbered rows that records each request it answers. */
    private static final class Rows {
        int total;
        final List<String> calls = new ArrayList<>();

        Rows(int total) {
            this.total = total;
        }

        Page<Integer> page(PageRequest page, String field, boolean ascending) {
            calls.add(page.offset() + "+" + page.limit() + (field == null ? "" : " " + field + (ascending ? " asc" : " desc")));
            List<Integer> items = IntStream.range(page.offset(), Math.min(total, page.offset() + page.limit())).boxed().toList();
            return new Page<>(items, total, page.offset(), page.limit());
        }
    }

    private static List<Integer> render(PagedModel<Integer> model, int first, int rows, Map<String, SortMeta> sortBy) {
        model.setRowCount(model.count(Map.of()));
        int rowCount = model.getRowCount();
        if (rowCount > 0 && first >= rowCount) {
            first = Math.max((int) Math.ceil(rowCount * 1d / rows) - 1, 0) * rows;
        }
        List<Integer> items = model.load(first, rows, sortBy, Map.of());
        model.setPageSize(rows);
        return items;
    }

    @Test
    void eachRenderCallsTheLoaderOnceAndKnowsTheTotal() {
        Rows rows = new Rows(60);
        PagedModel<Integer> model = new PagedModel<>(page -> rows.page(page, null, true));

        assertThat(render(model, 0, 25, Map.of())).hasSize(25).startsWith(0);
        assertThat(rows.calls).containsExactly("0+25");
        assertThat(model.getRowCount()).isEqualTo(60);

        assertThat(render(model, 50, 25, Map.of())).containsExactlyElementsOf(IntStream.range(50, 60).boxed().toList());
        assertThat(rows.calls).containsExactly("0+25", "50+25");
        assertThat(model.getRowCount()).isEqualTo(60);
    }

    @Test
    void aFilterThatChangesTheTotalIsCountedByTheSameCall() {
        Rows rows = new Rows(60);
        PagedModel<Integer> model = new PagedModel<>(page -> rows.page(page, null, true));
        render(model, 0, 25, Map.of());

        rows.total = 80; // more rows match now
        render(model, 25, 25, Map.of());
        assertThat(model.getRowCount()).isEqualTo(80);
        rows.total = 3; // fewer, still on the first page
        assertThat(render(model, 0, 25, Map.of())).containsExactly(0, 1, 2);
        assertThat(model.getRowCount()).isEqualTo(3);
        assertThat(rows.calls).containsExactly("0+25", "25+25", "0+25");
    }

    @Test
    void aTableLeftPastTheEndByANarrowerFilterShowsTheLastPageForOneMoreCall() {
        Rows rows = new Rows(60);
        List<Integer> movedTo = new ArrayList<>();
        PagedModel<Integer> model = new PagedModel<>(page -> rows.page(page, null, true)) {
            @Override
            protected void moveTableTo(int first) {
                movedTo.add(first);
            }
        };
        render(model, 50, 25, Map.of());

        rows.total = 30;
        assertThat(render(model, 50, 25, Map.of())).containsExactly(25, 26, 27, 28, 29);
        assertThat(model.getRowCount()).isEqualTo(30);
        assertThat(rows.calls).containsExactly("50+25", "50+25", "25+25");
        assertThat(movedTo).containsExactly(25);

        rows.total = 0;
        assertThat(render(model, 25, 25, Map.of())).isEmpty();
        assertThat(model.getRowCount()).isZero();
        assertThat(rows.calls).hasSize(4);
    }

    @Test
    void aSortedTablePassesTheSortedColumnAndDirectionInTheSameSingleCall() {
        Rows rows = new Rows(10);
        PagedModel<Integer> model = PagedModel.sorted(rows::page);

        render(model, 0, 5, Map.of());
        render(model, 0, 5, Map.of("notAfter", SortMeta.builder().field("notAfter").order(SortOrder.DESCENDING).build()));
        render(model, 5, 5, Map.of("serial", SortMeta.builder().field("serial").order(SortOrder.ASCENDING).build()));
        render(model, 0, 500, Map.of());

        assertThat(rows.calls).containsExactly("0+5", "0+5 notAfter desc", "5+5 serial asc", "0+" + PageRequest.MAX_LIMIT);
    }
}
