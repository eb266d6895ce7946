package dev.modelperf.routing.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.routing.rating.PairwiseMatrix.PairCounts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PairwiseMatrixTest {

    @Test
    void countsDecisiveWinsEachWayAndTiesPerPair() {
        PairwiseMatrix matrix = new PairwiseMatrix(8);
        matrix.add(Comparisons.withWinner("b", "a", "b"));
        matrix.add(Comparisons.withWinner("a", "b", "a"));
        matrix.add(Comparisons.withWinner("a", "a", "b"));
        matrix.add(Comparisons.tie("a", "b", "c"));
        matrix.add(Comparisons.withWinner(null, "a", "c"));

        assertThat(matrix.pairs()).containsExactly(new PairCounts("a", "b", 2, 1, 1), new PairCounts("a", "c", 0, 0, 1),
                new PairCounts("b", "c", 0, 0, 1));
        assertThat(matrix.comparisons()).isEqualTo(5);
        assertThat(matrix.results()).isEqualTo(6);
        assertThat(matrix.comparisonsOf("a")).isEqualTo(5);
        assertThat(matrix.comparisonsOf("c")).isEqualTo(2);
    }

    @Test
    void mergingAddsCounts() {
        PairwiseMatrix monday = new PairwiseMatrix(8);
        monday.add(Comparisons.withWinner("a", "a", "b"));
        PairwiseMatrix tuesday = new PairwiseMatrix(8);
        tuesday.add(Comparisons.withWinner("b", "a", "b"));
        tuesday.add(Comparisons.withWinner("c", "c", "b"));

        monday.merge(tuesday);

        assertThat(monday.pairs()).containsExactly(new PairCounts("a", "b", 1, 1, 0), new PairCounts("b", "c", 0, 1, 0));
        assertThat(monday.comparisons()).isEqualTo(3);
        assertThat(monday.comparisonsOf("b")).isEqualTo(3);
    }

    @Test
    void aNewcomerEvictsTheHeldModelInTheFewestComparisonsWithItsPairs() {
        PairwiseMatrix matrix = new PairwiseMatrix(3);
        matrix.add(Comparisons.withWinner("a", "a", "b"));
        matrix.add(Comparisons.withWinner("a", "a", "b"));
        matrix.add(Comparisons.withWinner("c", "a", "c"));

        int evicted = matrix.add(Comparisons.withWinner("d", "d", "a"));

        assertThat(evicted).isEqualTo(1);
        assertThat(matrix.models()).containsExactly("a", "b", "d");
        assertThat(matrix.pairs()).containsExactly(new PairCounts("a", "b", 2, 0, 0), new PairCounts("a", "d", 0, 1, 0));
    }

    @Test
    void aMergeKeepsTheModelsInTheMostComparisons() {
        PairwiseMatrix left = new PairwiseMatrix(2);
        left.add(Comparisons.withWinner("a", "a", "b"));
        left.add(Comparisons.withWinner("a", "a", "b"));
        PairwiseMatrix right = new PairwiseMatrix(2);
        right.add(Comparisons.withWinner("c", "c", "a"));

        left.merge(right);

        assertThat(left.models()).containsExactly("a", "b");
        assertThat(left.pairs()).containsExactly(new PairCounts("a", "b", 2, 0, 0));
    }

    @Test
    void encodingRoundTripsAndDecodingUnderASmallerBoundPrunes() {
        PairwiseMatrix matrix = new PairwiseMatrix(8);
        matrix.add(Comparisons.scored(null, "gpt-4o", 0.9, "claude", 0.5, "mistral", 0.5));
        matrix.add(Comparisons.withWinner("claude", "claude", "gpt-4o"));
        matrix.add(Comparisons.withWinner(null, "x", "y"));

        PairwiseMatrix copy = PairwiseMatrix.decode(matrix.encode(), 8);
        assertThat(copy.pairs()).isEqualTo(matrix.pairs());
        assertThat(copy.models()).isEqualTo(matrix.models());
        assertThat(copy.comparisons()).isEqualTo(3);
        assertThat(copy.encode()).isEqualTo(matrix.encode());

        PairwiseMatrix pruned = PairwiseMatrix.decode(matrix.encode(), 2);
        assertThat(pruned.models()).containsExactly("claude", "gpt-4o");
        assertThat(pruned.pairs()).as("gpt-4o's win came from three scores: it weighs (3 + 1) / 3, in sixths")
                .containsExactly(new PairCounts("claude", "gpt-4o", 1, 1, 0, 6, 8, 0));
    }

    @Test
    void resultsOfAScoredPanelWeighItsDesignEffect() {
        PairwiseMatrix matrix = new PairwiseMatrix(8);
        matrix.add(Comparisons.scored(null, "a", 0.9, "b", 0.5, "c", 0.5, "d", 0.2, "e", 0.1));
        matrix.add(Comparisons.withWinner("a", "a", "b"));

        assertThat(matrix.pairs().get(0)).isEqualTo(new PairCounts("a", "b", 2, 0, 0, 12 + 6, 0, 0));
        assertThat(matrix.pairs()).contains(new PairCounts("b", "c", 0, 0, 1, 0, 0, 12));
        assertThat(PairwiseMatrix.decode(matrix.encode(), 8).pairs()).isEqualTo(matrix.pairs());
    }

    @Test
    void resultsOfADeclaredWinnerAmongSeveralWeighTheirDesignEffect() {
        PairwiseMatrix matrix = new PairwiseMatrix(8);
        matrix.add(Comparisons.withWinner("b", "a", "b", "c"));

        assertThat(matrix.pairs()).as("a winner among three: each result weighs 3 / 2, in sixths")
                .containsExactly(new PairCounts("a", "b", 0, 1, 0, 0, 9, 0), new PairCounts("b", "c", 1, 0, 0, 9, 0, 0));
        assertThat(PairwiseMatrix.decode(matrix.encode(), 8).pairs()).isEqualTo(matrix.pairs());
    }

    @Test
    void decodesWeightsInThirdsAsTheSameWeightsInSixths() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeLong(3);
            out.writeInt(2);
            out.writeUTF("a");
            out.writeLong(3);
            out.writeUTF("b");
            out.writeLong(3);
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(2);
            out.writeLong(1);
            out.writeLong(0);
            out.writeLong(3 + 6);
            out.writeLong(3);
            out.writeLong(0);
        }

        PairwiseMatrix matrix = PairwiseMatrix.decode(bytes.toByteArray(), 8);

        assertThat(matrix.pairs()).containsExactly(new PairCounts("a", "b", 2, 1, 0, 18, 6, 0));
        assertThat(matrix.comparisons()).isEqualTo(3);
        assertThat(PairwiseMatrix.decode(matrix.encode(), 8).pairs()).isEqualTo(matrix.pairs());
    }

    @Test
    void decodesCountsWithoutWeightsAsIndependentResults() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(4);
            out.writeInt(2);
            out.writeUTF("a");
            out.writeLong(4);
            out.writeUTF("b");
            out.writeLong(4);
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(2);
            out.writeLong(1);
            out.writeLong(1);
        }

        PairwiseMatrix matrix = PairwiseMatrix.decode(bytes.toByteArray(), 8);

        assertThat(matrix.pairs()).containsExactly(new PairCounts("a", "b", 2, 1, 1, 12, 6, 6));
        assertThat(matrix.comparisons()).isEqualTo(4);
    }

    @Test
    void refusesAComparisonLargerThanTheBoundAndAnUnknownFormat() {
        assertThatThrownBy(() -> new PairwiseMatrix(2).add(Comparisons.tie("a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 models");
        assertThatThrownBy(() -> PairwiseMatrix.decode(new byte[] {9}, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
    }
}
