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

    static void vmContract(JobStore s, JobStore reopened) {
        org.iaasengine.agent.placement.Demand d = org.iaasengine.agent.placement.Demand.builder("web1", 512, 2)
                .group("rack-1").antiAffinity("db1").build();
        JobStore.VmRecord r = new JobStore.VmRecord("web1", "o1", "host-a", "{\"schema\":1}", d, true, "j1", 0, null,
                Instant.ofEpochMilli(5000));
        s.keepVm(r);
        s.keepVm(new JobStore.VmRecord("web2", "o2", "host-b", "{}", org.iaasengine.agent.placement.Demand
                .builder("web2", 64, 1).build(), false, "j9", 0, null, Instant.ofEpochMilli(6000)));
        JobStore.VmRecord moved = new JobStore.VmRecord("web1", "o1", "host-b", "{\"schema\":1}", d, true,
                "evacuate-web1-1", 1, "host-a", Instant.ofEpochMilli(7000));
        JobStore rs = reopened == null ? s : reopened;
        assertThat(rs.vm("web1")).contains(r);
        s.keepVm(moved);
        assertThat(rs.vm("web1")).as("kept again: replaced").contains(moved);
        assertThat(rs.vms("o1")).containsExactly(moved);
        s.keepLeftover(new JobStore.Leftover("web1", "host-a", false));
        s.keepLeftover(new JobStore.Leftover("web1", "host-a", true));
        assertThat(rs.leftovers()).containsExactly(new JobStore.Leftover("web1", "host-a", true));
        rs.forgetLeftover("web1", "host-a");
        rs.forgetVm("web2");
        assertThat(s.leftovers()).isEmpty();
        assertThat(s.vm("web2")).isEmpty();
        assertThat(s.vm("nope")).isEmpty();
    }

    @Test
    void placedVmsAndLeftoversAreKeptAcrossAReopen() {
        Path file = dir.resolve("vms.db");
        try (JobStore s = JobStore.sqlite(file); JobStore again = JobStore.sqlite(file)) {
            vmContract(s, again);
        }
        vmContract(JobStore.memory(), null);
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
