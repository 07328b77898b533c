package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lanes under load: runs on one key never overlap and start in submission order, whether the
 * lane was idle, busy with none queued, or had a queue; afterwards every lane is idle again.
 */
class LanesTest {
    private static final int KEYS = 3;
    private static final int PER_KEY = 300;

    @Test
    void runsOnOneKeyNeverOverlapAndKeepSubmissionOrderUnderLoad() throws Exception {
        try (Engine engine = Engine.builder().workers(4).build()) {
            Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
            Map<String, List<Integer>> order = new ConcurrentHashMap<>();
            List<String> overlaps = new CopyOnWriteArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            List<ActionHandle<Object>> handles = new CopyOnWriteArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                String key = "vm:lane" + k;
                running.put(key, new AtomicInteger());
                order.put(key, new CopyOnWriteArrayList<>());
                Thread t = new Thread(() -> {
                    for (int i = 0; i < PER_KEY; i++) {
                        int n = i;
                        Command<String> c = ctx -> {
                            if (running.get(key).incrementAndGet() != 1) {
                                overlaps.add(key + " #" + n);
                            }
                            order.get(key).add(n);
                            Thread.onSpinWait();
                            running.get(key).decrementAndGet();
                            return "ok";
                        };
                        Action<Object> a = Action.builder("n" + n, key).step(c).build();
                        if (n % 7 == 0) {
                            engine.run(a); // sometimes the caller's thread takes an idle lane itself
                        } else {
                            handles.add(engine.submit(a));
                        }
                    }
                }, "lanes-submitter-" + k);
                submitters.add(t);
                t.start();
            }
            for (Thread t : submitters) {
                t.join(30_000);
            }
            for (ActionHandle<Object> h : handles) {
                h.future().get(30, TimeUnit.SECONDS);
            }

            assertThat(overlaps).isEmpty();
            for (int k = 0; k < KEYS; k++) {
                assertThat(order.get("vm:lane" + k)).hasSize(PER_KEY).isSorted();
            }
            assertThat(engine.active()).isEmpty();
            // Every lane is idle: a blocking run on each key runs at once on this thread.
            Key<String> on = Key.of("thread", String.class);
            for (int k = 0; k < KEYS; k++) {
                String thread = engine.run(Action.<String>builder("last", "vm:lane" + k)
                        .step(on, ctx -> Thread.currentThread().getName()).resultFrom(on).build());
                assertThat(thread).isEqualTo(Thread.currentThread().getName());
            }
            assertThat(engine.close(Duration.ofSeconds(5)).clean()).isTrue();
        }
    }
}
