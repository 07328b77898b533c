package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void theBarShowsTheFurtherOfReportedProgressAndElapsedTime() {
        assertThat(ProgressBar.fraction(0.4, Duration.ofSeconds(12), Duration.ofSeconds(60))).isEqualTo(0.4);
        assertThat(ProgressBar.fraction(0.0, Duration.ofSeconds(30), Duration.ofSeconds(60))).isEqualTo(0.5);
        assertThat(ProgressBar.fraction(1.0, Duration.ofSeconds(1), Duration.ZERO)).isEqualTo(1.0);
    }

    @Test
    void elapsedTimeAloneNeverReachesTheEnd() {
        assertThat(ProgressBar.fraction(-1, Duration.ofSeconds(30), Duration.ofSeconds(60))).isEqualTo(0.5);
        assertThat(ProgressBar.fraction(-1, Duration.ofSeconds(90), Duration.ofSeconds(60))).isEqualTo(0.95);
        assertThat(ProgressBar.fraction(-1, Duration.ofSeconds(9), Duration.ZERO)).isZero();
    }

    @Test
    void theBarShowsShareElapsedTimeAndMessage() {
        assertThat(ProgressBar.render("migrating web1", 0.5, Duration.ofSeconds(7), "1 GiB left"))
                .isEqualTo("migrating web1 [###############               ]  50% 7s 1 GiB left");
    }

    @Test
    void aNameThatCouldMoveTheCursorOrReorderTheLineIsShownEscaped() {
        // VM names may hold C1 characters (U+009B is a terminal's CSI); the host's own names anything.
        assertThat(ProgressBar.render("shutting down x\u009B2J\u202E", 0.0, Duration.ZERO, "\u001b[1A"))
                .isEqualTo("shutting down x\\u009B2J\\u202E [                              ]   0% 0s \\u001B[1A");
    }
}
