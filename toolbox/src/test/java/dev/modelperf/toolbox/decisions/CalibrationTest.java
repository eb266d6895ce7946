package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration figures on inputs small enough to work out by hand. */
class CalibrationTest {

    private static final List<Calibration.Forecast> FORECASTS = List.of(
            new Calibration.Forecast(0.8, 1), new Calibration.Forecast(0.8, 0),
            new Calibration.Forecast(0.2, 0), new Calibration.Forecast(0.2, 0));

    @Test
    void brierAndLogLossAreTheMeansOverForecastsBesideTheBaseRates() {
        Calibration.Report report = Calibration.of(FORECASTS, 0.25, List.of());

        assertThat(report.forecasts()).isEqualTo(4);
        assertThat(report.brier()).isCloseTo((0.04 + 0.64 + 0.04 + 0.04) / 4, within(1e-12));
        assertThat(report.baseRateBrier()).isCloseTo((0.5625 + 3 * 0.0625) / 4, within(1e-12));
        assertThat(report.logLoss()).isCloseTo(-(3 * Math.log(0.8) + Math.log(0.2)) / 4, within(1e-12));
        assertThat(report.baseRateLogLoss()).isCloseTo(-(Math.log(0.25) + 3 * Math.log(0.75)) / 4, within(1e-12));
        assertThat(report.coverage()).isNaN();
    }

    @Test
    void gradedOutcomesScoreAsTheirExpectedValue() {
        Calibration.Report report = Calibration.of(List.of(new Calibration.Forecast(0.5, 0.5)), 0.5, List.of());

        assertThat(report.brier()).isZero();
        assertThat(report.logLoss()).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void reliabilityBinsTheForecastsByTenths() {
        List<Calibration.Bin> bins = Calibration.of(FORECASTS, 0.25,
                List.of(new Calibration.Group(1, 1, 1.0, 0))).reliability();

        assertThat(bins).hasSize(10);
        assertThat(bins.get(2)).isEqualTo(new Calibration.Bin(0.2, 0.3, 2, 0.2, 0.0));
        assertThat(bins.get(8)).isEqualTo(new Calibration.Bin(0.8, 0.9, 2, 0.8, 0.5));
        assertThat(bins.get(0).count()).isZero();
        assertThat(bins.get(0).observed()).isNaN();
        assertThat(Calibration.of(List.of(new Calibration.Forecast(1.0, 1)), 0.5, List.of()).reliability().get(9).count())
                .as("a forecast of exactly 1 is in the last bin").isEqualTo(1);
    }

    @Test
    void coverageCountsGroupsWhoseSuccessesFallInTheirPredictiveInterval() {
        // 100 tasks at a known 0.5: 50 ± 1.96 × 5, i.e. 40.2 to 59.8.
        List<Calibration.Group> groups = List.of(new Calibration.Group(100, 45, 0.5, 0), new Calibration.Group(100, 70, 0.5, 0),
                new Calibration.Group(100, 40, 0.5, 0),
                // Unsure of the chance (sd 0.1): 50 ± 1.96 × √(25 + 9900 × 0.01) = 50 ± 21.8.
                new Calibration.Group(100, 70, 0.5, 0.1));

        Calibration.Report report = Calibration.of(FORECASTS, 0.25, groups);

        assertThat(report.groups()).isEqualTo(4);
        assertThat(report.coverage()).isEqualTo(0.5);
    }
}
