package dev.modelperf.schemas.category;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryPathTest {

    private static final String SEGMENT_48 = "a".repeat(48);

    @ParameterizedTest
    @ValueSource(strings = {"code", "code/backend/api", "a/b/c/d", "x_1-y/2", "0", "code/backend-v2/api_x"})
    void aPathOfOneToFourLowercaseSegmentsParses(String path) {
        assertThat(CategoryPath.parse(path)).isEqualTo(path);
        assertThat(CategoryPath.isPath(path)).isTrue();
        assertThat(CategoryPath.isLevel(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Code", "code review", "code/", "/code", "code//api", "a/b/c/d/e", "*", "code/*", "é"})
    void anythingElseFailsNamingTheRule(String text) {
        assertThatThrownBy(() -> CategoryPath.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("category must be 1-4 '/'-separated segments of [a-z0-9_-] (was " + text + ")");
        assertThat(CategoryPath.isPath(text)).isFalse();
    }

    @Test
    void segmentsHoldUpToFortyEightCharacters() {
        assertThat(CategoryPath.isPath(SEGMENT_48 + "/" + SEGMENT_48)).isTrue();
        assertThatThrownBy(() -> CategoryPath.parse("code/" + SEGMENT_48 + "x"))
                .hasMessage("category must be 1-4 '/'-separated segments of [a-z0-9_-] (was code/" + SEGMENT_48 + "x)");
        assertThatThrownBy(() -> CategoryPath.parse(null))
                .hasMessage("category must be 1-4 '/'-separated segments of [a-z0-9_-] (was null)");
    }

    @Test
    void theRootIsALevelButNoPath() {
        assertThat(CategoryPath.isLevel(CategoryPath.ROOT)).isTrue();
        assertThat(CategoryPath.isPath(CategoryPath.ROOT)).isFalse();
        assertThat(CategoryPath.isLevel(null)).isFalse();
        assertThat(CategoryPath.isLevel("code/*")).isFalse();
    }

    @Test
    void levelsRunFromThePathItselfUpToTheRoot() {
        assertThat(CategoryPath.levels("code/backend/api")).containsExactly("code/backend/api", "code/backend", "code", "*");
        assertThat(CategoryPath.levels("writing")).containsExactly("writing", "*");
        assertThat(CategoryPath.levels("*")).containsExactly("*");
    }

    @Test
    void ancestorsAreTheLevelsAbove() {
        assertThat(CategoryPath.ancestors("code/backend/api")).containsExactly("code/backend", "code", "*");
        assertThat(CategoryPath.ancestors("code")).containsExactly("*");
        assertThat(CategoryPath.ancestors("*")).isEmpty();
    }

    @Test
    void theParentOfATopLevelPathIsTheRootAndTheRootHasNone() {
        assertThat(CategoryPath.parent("code/backend/api")).isEqualTo("code/backend");
        assertThat(CategoryPath.parent("code")).isEqualTo("*");
        assertThat(CategoryPath.parent("*")).isNull();
    }

    @Test
    void theTopLevelIsTheFirstSegment() {
        assertThat(List.of("code/backend/api", "code", "*")).map(CategoryPath::topLevel).containsExactly("code", "code", "*");
    }

    @Test
    void depthCountsSegments() {
        assertThat(List.of("*", "code", "code/backend", "a/b/c/d")).map(CategoryPath::depth).containsExactly(0, 1, 2, 4);
    }

    @Test
    void aLevelCoversItselfAndWhatLiesBelowIt() {
        assertThat(CategoryPath.covers("*", "code/backend")).isTrue();
        assertThat(CategoryPath.covers("code", "code")).isTrue();
        assertThat(CategoryPath.covers("code", "code/backend/api")).isTrue();
        assertThat(CategoryPath.covers("code/backend", "code")).isFalse();
        assertThat(CategoryPath.covers("code", "codex")).isFalse();
        assertThat(CategoryPath.covers("code", "codex/backend")).isFalse();
        assertThat(CategoryPath.covers("writing", "code")).isFalse();
    }
}
