package dev.modelperf.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.routing.RoutingDefaults;
import org.junit.jupiter.api.Test;

class RoutingDefaultsTest {

    @Test
    void theMostSpecificCategoryWithRulesApplies() {
        RoutingDefaults table = RoutingDefaults.parse("""
                # comment
                code,a/model
                code/backend,b/model:v1,with-comma
                *,c/model
                """, "t.csv");
        assertThat(table.forCategory("code/backend/api").orElseThrow())
                .isEqualTo(new RoutingDefaults.Rule("code/backend", java.util.List.of("b/model:v1,with-comma")));
        assertThat(table.forCategory("code/frontend").orElseThrow().category()).isEqualTo("code");
        assertThat(table.forCategory("writing").orElseThrow().models()).containsExactly("c/model");
    }

    @Test
    void theShippedTableCoversEveryCategory() {
        assertThat(RoutingDefaults.load(null).forCategory("translation/legal").orElseThrow().category()).isEqualTo("translation");
        assertThat(RoutingDefaults.load(null).forCategory("poetry").orElseThrow().category()).isEqualTo("*");
    }

    @Test
    void aBadLineIsNamed() {
        assertThatThrownBy(() -> RoutingDefaults.parse("code,a\nCode Review,b\n", "rules.csv"))
                .hasMessage("rules.csv line 2: category 'Code Review' must be a category path such as code/backend or *");
        assertThatThrownBy(() -> RoutingDefaults.parse("code\n", "rules.csv"))
                .hasMessage("rules.csv line 1: expected category,model");
    }
}
