package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Closing an engine leaves none of its threads (workers, its own timer) alive. */
class EngineThreadsTest {

    private static Set<Thread> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("iaas-engine-")).collect(Collectors.toSet());
    }

    @Test
    void closeLeavesNoThreadOfTheEngineAlive() throws Exception {
        Set<Thread> before = engineThreads();
        Key<String> out = Key.of("out", String.class);
        Engine engine = Engine.builder().workers(2).build();
        Action<String> retried = Action.<String>builder("retried", "vm:threads")
                .step(Step.of(out, new Command<String>() {
                    private int attempts;

                    @Override
                    public String execute(CommandContext ctx) throws InterruptedException {
                        Poll.pause(Duration.ofMillis(5), ctx.scheduler(), ctx); // the engine's timer
                        if (++attempts < 2) {
                            throw new CommandException(FailureCategory.TRANSIENT, "once more");
                        }
                        return "done";
                    }
                }).withRetry(Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(5)).build()))
                .resultFrom(out).build();
        assertThat(engine.submit(retried).future().get()).isEqualTo("done");
        List<String> started = engineThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList();
        assertThat(started).anyMatch(n -> n.endsWith("-timer")).anyMatch(n -> n.contains("-worker-"));

        engine.close();

        for (Thread t : engineThreads()) {
            if (!before.contains(t)) {
                t.join(2_000);
            }
        }
        assertThat(engineThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName)).isEmpty();
    }
}
