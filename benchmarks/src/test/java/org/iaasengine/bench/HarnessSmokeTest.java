package org.iaasengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iaasengine.model.ResourceModel;
import org.junit.jupiter.api.Test;

/**
 * The only thing {@code mvn verify} runs in this module: the harness's arithmetic and table, and
 * that the JMH benchmark was generated. No benchmark runs and no daemon is needed.
 */
class HarnessSmokeTest {

    @Test
    void samplesGiveMedianMinAndMax() {
        Samples s = Samples.of("ms", 5, 1, 3, 2);
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.format()).isEqualTo("2.50 ms (1.00-5.00, n=4)");
    }

    @Test
    void ratioIsPeerOverOursAndTheVerdictFollowsTheTarget() {
        Row met = new Row("1  x", "ours", Samples.of("us", 1, 1), "peer", Samples.of("us", 600), 500, null);
        Row missed = new Row("3a y", "ours", Samples.of("ms", 10), "peer", Samples.of("ms", 9), 1 / 1.10, "a note");
        assertThat(met.ratio()).isEqualTo(600);
        assertThat(met.verdict()).isEqualTo("met");
        assertThat(missed.verdict()).isEqualTo("MISSED");

        String table = Table.render("title", List.of(met, missed));

        assertThat(table).contains("| 1  x ", "600.00x", ">= 500x met", ">= 0.909x MISSED", "- 3a y: a note");
    }

    @Test
    void theMemoryScenarioBuildsAModelOfTheAskedSize() {
        ResourceModel m = ModelMemoryScenario.build(100);
        assertThat(m.snapshot().vms()).hasSize(100);
        assertThat(m.snapshot().hosts()).hasSize(10);
    }

    @Test
    void theAgentScenariosNoopPlansOneStepOnTheHostsLaneAndPercentilesAreNearestRank() {
        NoopAgents.NoopRequest r = new NoopAgents.NoopRequest("bench-001");
        String json = NoopAgents.registry().codec().toJson(r);
        var plan = NoopAgents.registry().plan(new NoopAgents.Probe(), json);
        assertThat(plan.name()).isEqualTo("noop");
        assertThat(plan.resourceKey()).isEqualTo("host:bench-001");
        assertThat(plan.steps()).hasSize(1);
        assertThat(r.host()).isEqualTo("bench-001");
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(AgentRoundTripScenario.percentile(v, 50)).isEqualTo(5);
        assertThat(AgentRoundTripScenario.percentile(v, 99)).isEqualTo(10);
    }

    @Test
    void theJmhBenchmarkIsGenerated() {
        assertThat(getClass().getResource("/META-INF/BenchmarkList")).isNotNull();
    }
}
