package io.rap.fabric.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.domain.group.NodeGroupView;
import jakarta.faces.model.SelectItem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.primefaces.model.TreeNode;

class GroupTreeTest {

    private static final UUID CLUSTER = UUID.randomUUID();

    private static NodeGroupView group(UUID id, UUID parent, String name, int depth) {
        return new NodeGroupView(id, CLUSTER, parent, name, depth, 0, 0);
    }

    @Test
    void hangsEachGroupUnderItsParentInTheDomainsOrder() {
        UUID eu = UUID.randomUUID();
        UUID fra = UUID.randomUUID();
        UUID us = UUID.randomUUID();
        GroupTree tree = new GroupTree(List.of(group(us, null, "America", 0), group(eu, null, "Europe", 0),
                group(fra, eu, "Frankfurt", 1)));

        List<TreeNode<NodeGroupView>> roots = tree.getRoot().getChildren();
        assertThat(roots).extracting(n -> n.getData().name()).containsExactly("America", "Europe");
        assertThat(roots.get(1).getChildren()).extracting(n -> n.getData().id()).containsExactly(fra);
        assertThat(roots).allSatisfy(n -> assertThat(n.isExpanded()).isTrue());
        assertThat(tree.choices("", "(top)")).extracting(SelectItem::getLabel)
                .containsExactly("(top)", "America", "Europe", "\u00a0\u00a0Frankfurt");
    }

    @Test
    void findsOnlyItsOwnGroups() {
        UUID own = UUID.randomUUID();
        GroupTree tree = new GroupTree(List.of(group(own, null, "Own", 0)));
        assertThat(tree.find(own.toString())).isPresent();
        assertThat(tree.find(" " + own + " ")).isPresent();
        assertThat(tree.find(UUID.randomUUID().toString())).isEmpty();
        assertThat(tree.find("not-a-uuid")).isEmpty();
        assertThat(tree.find(null)).isEmpty();
        assertThat(new GroupTree(List.of()).isEmpty()).isTrue();
    }
}
