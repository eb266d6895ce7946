package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesCsvTest {

    private static final String HEADER = "dataset,prompt_id,category,model,score,input_tokens,output_tokens,cost_usd\n";

    private static PromptOutcomes parse(String body) throws IOException {
        return OutcomesCsv.parse(new StringReader(HEADER + body), "test.csv");
    }

    @Test
    void readsPromptsWithEveryModelsOutcomeWhateverTheRowOrder() throws IOException {
        PromptOutcomes data = parse("""
                d,p1,mmlu/anatomy,a/one,1,27,1,6.72e-06
                d,p2,mmlu/law,a/one,0.0,30,2,0.0001
                d,p1,mmlu/anatomy,two,0,27,1,0.0003
                d,p2,mmlu/law,two,1.0,30,2,0.0002
                """);

        assertThat(data.models()).containsExactly("a/one", "two");
        assertThat(data.prompts()).extracting(PromptOutcomes.Prompt::id).containsExactly("p1", "p2");
        assertThat(data.prompts().get(0).category()).isEqualTo("mmlu/anatomy");
        assertThat(data.prompts().get(0).of("a/one")).isEqualTo(new PromptOutcomes.Outcome(1, 27, 1, 6.72e-06));
        assertThat(data.prompts().get(1).of("two")).isEqualTo(new PromptOutcomes.Outcome(1, 30, 2, 0.0002));
        assertThat(data.warnings()).isEmpty();
    }

    @Test
    void aBadValueNamesTheLineColumnAndRule() {
        assertThatThrownBy(() -> parse("d,p1,mmlu/anatomy,a,1,27,1,0.1\nd,p1,mmlu/anatomy,b,yes,27,1,0.1\n"))
                .isInstanceOf(OutcomesCsv.DatasetException.class)
                .hasMessage("test.csv line 3, column score: must be a finite number (was 'yes')");
        assertThatThrownBy(() -> parse("d,p1,mmlu/anatomy,a,1,-3,1,0.1\n"))
                .hasMessage("test.csv line 2, column input_tokens: must be a whole number >= 0 (was '-3')");
        assertThatThrownBy(() -> parse("d,p1,mmlu/anatomy,a,1,3,1,-0.1\n"))
                .hasMessage("test.csv line 2, column cost_usd: must be >= 0 (was -0.1)");
        assertThatThrownBy(() -> parse("d,p1,Anatomy!,a,1,3,1,0.1\n"))
                .hasMessage("test.csv line 2, column category: must be a category path of 1-4 '/'-separated segments of "
                        + "[a-z0-9_-] (was 'Anatomy!')");
        assertThatThrownBy(() -> parse("d,,mmlu/anatomy,a,1,3,1,0.1\n"))
                .hasMessage("test.csv line 2, column prompt_id: must not be empty");
        assertThatThrownBy(() -> parse("d,p1,mmlu/anatomy,a,1,3,1\n"))
                .hasMessage("test.csv line 2: expected 8 comma-separated fields as in the header, found 7");
    }

    @Test
    void everyPromptNeedsOneRowPerModelAndOneCategory() {
        assertThatThrownBy(() -> parse("d,p1,x,a,1,1,1,0\nd,p1,x,b,1,1,1,0\nd,p2,x,a,1,1,1,0\n"))
                .hasMessage("test.csv: prompt p2 has no row for model b (every prompt needs a row for every model of the file)");
        assertThatThrownBy(() -> parse("d,p1,x,a,1,1,1,0\nd,p1,x,a,0,1,1,0\n"))
                .hasMessage("test.csv line 3, column model: prompt p1 already has a row for model a");
        assertThatThrownBy(() -> parse("d,p1,x,a,1,1,1,0\nd,p1,y,b,0,1,1,0\n"))
                .hasMessage("test.csv line 3, column category: prompt p1 was in category x on an earlier line (was y)");
    }

    @Test
    void aMissingColumnOrEmptyFileIsNamed() {
        assertThatThrownBy(() -> OutcomesCsv.parse(new StringReader("prompt_id,category,model,score\n"), "test.csv"))
                .hasMessageStartingWith("test.csv line 1: missing column input_tokens");
        assertThatThrownBy(() -> OutcomesCsv.parse(new StringReader(""), "test.csv"))
                .hasMessageStartingWith("test.csv: empty file");
        assertThatThrownBy(() -> parse(""))
                .hasMessage("test.csv: no rows after the header");
    }

    @Test
    void aScoreJustOutsideZeroToOneIsClampedWithAWarningNamingTheLine() throws IOException {
        PromptOutcomes data = parse("d,p1,x,a,-0.03,1,1,0\nd,p1,x,b,1,1,1,0\n");

        assertThat(data.prompts().get(0).of("a").score()).isZero();
        assertThat(data.warnings()).isEqualTo(List.of("test.csv line 2, column score: -0.03 is outside 0..1, read as 0.0"));
    }
}
