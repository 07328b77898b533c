package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's job store on SQLite (and in memory): kept across a reopen, the first answer kept. */
class JobStoreTest {
    @TempDir
    Path dir;

    static void contract(JobStore s, JobStore reopened) {
        s.submitted(new JobStore.Job("j1", "o1", "host-a", "create", "{}", Instant.ofEpochMilli(1000), null));
        s.submitted(new JobStore.Job("j2", "o1", "host-a", "delete", "{}", Instant.ofEpochMilli(2000), null));
        s.submitted(new JobStore.Job("j3", "o2", "host-b", "start", "{}", Instant.ofEpochMilli(3000), null));
        Jobs.Answer first = new Jobs.Answer(1, "j1", "host-a", Jobs.Outcome.SUCCEEDED, null, null, false);
        Jobs.Answer second = new Jobs.Answer(1, "j1", "host-a", Jobs.Outcome.SUCCEEDED, null, null, true);
        assertThat(s.answered("j1", first)).isTrue();
        assertThat(s.answered("j1", second)).as("a later answer (from the journal) is not kept").isFalse();
        assertThat(s.answered("nope", first)).isFalse();
        JobStore r = reopened == null ? s : reopened;
        assertThat(r.find("j1").orElseThrow().answer()).isEqualTo(first);
        assertThat(r.unanswered("o1")).extracting(JobStore.Job::jobId).containsExactly("j2");
        assertThat(r.unanswered("o2")).extracting(JobStore.Job::jobId).containsExactly("j3");
        assertThat(r.recent(2)).as("newest first, of every orchestrator").extracting(JobStore.Job::jobId)
                .containsExactly("j3", "j2");
        assertThat(r.recent(10)).extracting(JobStore.Job::jobId).containsExactly("j3", "j2", "j1");
        assertThat(r.recent(10).get(2).answer()).isEqualTo(first);
        r.forget("j2");
        assertThat(r.find("j2")).isEmpty();
        assertThat(r.unanswered("o1")).isEmpty();
    }

    @Test
    void sqliteKeepsJobsAcrossAReopenAndTheFirstAnswerOnly() throws Exception {
        Path file = dir.resolve("sub/orchestrator.db");
        try (JobStore s = JobStore.sqlite(file); JobStore again = JobStore.sqlite(file)) {
            contract(s, again);
        }
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void memoryFollowsTheSameRules() {
        contract(JobStore.memory(), null);
        assertThat(List.of()).isEmpty();
    }
}
