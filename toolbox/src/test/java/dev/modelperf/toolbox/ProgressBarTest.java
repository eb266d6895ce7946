package dev.modelperf.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsShareRateAndTimeLeftThenTheTotalTime() {
        assertThat(ProgressBar.render(250_000, 1_000_000, 0.25, 20_000, Duration.ofSeconds(12)))
                .isEqualTo("[########......................]  25% 250,000/1,000,000 calls  20,000/s  ETA 0:37");
        assertThat(ProgressBar.render(1_000_000, 1_000_000, 1, 19_990, Duration.ofSeconds(3725)))
                .isEqualTo("[##############################] 100% 1,000,000/1,000,000 calls  19,990/s  done in 1:02:05");
    }

    @Test
    void withoutATerminalPrintsALinePerTenth() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), false);
        for (int done = 0; done <= 100; done += 5) {
            bar.update(done, 100, 50, Duration.ofSeconds(done / 50));
        }
        bar.finish();
        assertThat(out.toString().lines()).hasSize(11);
    }
}
