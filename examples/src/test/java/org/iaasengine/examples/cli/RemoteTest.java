package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.iaasengine.agent.Jobs;
import org.iaasengine.core.FailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote CLI without a broker: a job's answer gives the exit code the local command would
 * have; the options that need a broker or credentials are refused as invalid input before any
 * connection; the progress bar of a remote job never says done before the answer.
 */
class RemoteTest {
    @TempDir
    Path dir;

    private static Jobs.Answer answer(Jobs.Outcome outcome, String category) {
        return new Jobs.Answer(Jobs.SCHEMA, "job-1", "node-a", outcome, null,
                new Jobs.Failure(category, "it failed", "Step", List.of("Earlier"), List.of()), false);
    }

    @Test
    void aJobsFailureCategoryGivesTheLocalExitCode() {
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "NOT_FOUND"), "start"))).isEqualTo(3);
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "CONFLICT"), "create"))).isEqualTo(4);
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "TIMEOUT"), "shutdown"))).isEqualTo(5);
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "INVALID_INPUT"), "create"))).isEqualTo(2);
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "TRANSIENT"), "create"))).isEqualTo(1);
        assertThat(ExitCodes.of(Remote.failure(answer(Jobs.Outcome.FAILED, "no such category"), "create")))
                .as("an unknown category is a failure, not a success").isEqualTo(1);
        // A refused job was invalid as sent, whatever the agent's reject code.
        assertThat(Remote.category(answer(Jobs.Outcome.REJECTED, "WRONG_NODE"))).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(Remote.category(answer(Jobs.Outcome.CANCELLED, "CANCELLED"))).isEqualTo(FailureCategory.CANCELLED);
        assertThat(Remote.failure(answer(Jobs.Outcome.FAILED, "CONFLICT"), "create").getMessage())
                .contains("job-1", "create", "node-a", "it failed");
    }

    @Test
    void aSucceededAnswerGivesItsResult() {
        var result = Remote.RESULTS.createObjectNode().put("name", "web1");
        assertThat(Remote.result(new Jobs.Answer(Jobs.SCHEMA, "j", "n", Jobs.Outcome.SUCCEEDED, result, null, false),
                "create")).isEqualTo(result);
        assertThatThrownBy(() -> Remote.result(answer(Jobs.Outcome.FAILED, "NOT_FOUND"), "start"))
                .isInstanceOf(Remote.JobFailedException.class);
    }

    @Test
    void brokerOptionsAreCheckedBeforeAnyConnection() {
        CliRunner cli = new CliRunner(DriverFactory.DEFAULT, "test:///default", dir);
        CliRunner.Result noBroker = cli.run("jobs", "list", "--json");
        assertThat(noBroker.exitCode()).as("%s", noBroker).isEqualTo(2);
        assertThat(noBroker.errorJson().get("message").asText()).contains("--broker");
        CliRunner.Result noCredentials = cli.raw("--broker", "amqp://127.0.0.1:1/iaas", "cluster", "hosts");
        assertThat(noCredentials.exitCode()).as("%s", noCredentials).isEqualTo(2);
        assertThat(noCredentials.err()).contains("--broker-credentials");
        CliRunner.Result device = cli.raw("--broker", "amqp://127.0.0.1:1/iaas", "vm", "attach-nic", "web1", "--mac",
                "52:54:00:00:00:01");
        assertThat(device.exitCode()).as("%s", device).isIn(2);
        CliRunner.Result badJobStore = cli.raw("--broker", "amqp://127.0.0.1:1/iaas", "--broker-credentials",
                dir.resolve("none").toString(), "jobs", "list");
        assertThat(badJobStore.exitCode()).as("a missing credentials file: %s", badJobStore).isEqualTo(2);
        assertThat(dir.resolve("state")).as("nothing was made").doesNotExist();
    }

    @Test
    void aRemoteBarGrowsWithStepsAndNeverSaysDone() {
        assertThat(RemoteBar.fraction(0)).isZero();
        assertThat(RemoteBar.fraction(1)).isEqualTo(0.5);
        assertThat(RemoteBar.fraction(9)).isEqualTo(0.9);
        assertThat(RemoteBar.fraction(1000)).isLessThan(1.0);
    }
}
