package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.spi.Journal;
import org.junit.jupiter.api.Test;

/** A run submitted with an id of the caller's (a job id): the id is the run's, in events and the journal. */
class GivenRunIdTest {

    @Test
    void theGivenIdIsTheRunsIdInTheJournalWithTheOutcome() {
        List<String> journaled = new ArrayList<>();
        Journal journal = new Journal() {
            @Override
            public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
                journaled.add("started " + actionId);
            }

            @Override
            public void actionFinished(String actionId, boolean succeeded, Object outcome) {
                journaled.add("finished " + actionId + " " + succeeded + " " + outcome);
            }
        };
        try (Engine engine = Engine.builder().workers(1).journal(journal).build()) {
            Key<String> k = Key.of("k", String.class);
            Action<String> plan = Action.<String>builder("hello", "vm:x").step(k, Command.named("Hello", ctx -> "hi"))
                    .resultFrom(k).build();
            ActionHandle<String> h = engine.submit(plan, "job-42");
            assertThat(h.id()).isEqualTo("job-42");
            assertThat(h.future().join()).isEqualTo("hi");
            assertThat(journaled).containsExactly("started job-42", "finished job-42 true hi");
        }
    }

    @Test
    void aBadIdIsRefusedNamingItAndAnActiveOneIsNotTakenTwice() throws Exception {
        try (Engine engine = Engine.builder().workers(2).build()) {
            CountDownLatch release = new CountDownLatch(1);
            Action<Void> waits = Action.<Void>builder("wait", "vm:a").step(Command.named("Wait", ctx -> {
                release.await(10, TimeUnit.SECONDS);
                return null;
            })).build();
            ActionHandle<Void> first = engine.submit(waits, "job-1");
            Action<Void> other = Action.<Void>builder("other", "vm:b").step(Command.named("Nop", ctx -> null)).build();
            assertThatThrownBy(() -> engine.submit(other, "job-1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("job-1");
            assertThatThrownBy(() -> engine.submit(other, " ")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("run id");
            assertThatThrownBy(() -> engine.submit(other, "bad\nid")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("bad\\u000Aid");
            assertThatThrownBy(() -> engine.submit(other, "x".repeat(121))).isInstanceOf(InvalidInputException.class);
            release.countDown();
            first.future().join();
            assertThat(engine.submit(other, "job-1").future().join()).isNull();
        }
    }
}
