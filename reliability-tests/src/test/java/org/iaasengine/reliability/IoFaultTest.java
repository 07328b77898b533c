package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.Engine;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults outside the driver: every run of {@code qemu-img} (it fails before it acts, acts and then
 * fails, or hangs until its timeout kills it) and every file operation of the definition store
 * (a write, the atomic rename, a delete fails as a full or broken disk would), at each one an
 * action makes, on libvirt's test driver with a second host of its own. The checks are the fault
 * campaign's: nothing left that the failure did not report, the model equal to the hosts.
 *
 * <p>{@code qemu-img} is a real one behind a wrapper (the system property {@code iaas.qemu-img}):
 * the wrapper counts its runs in a file and misbehaves on the run it is told to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IoFaultTest {
    @TempDir
    static Path tmp;

    private LibvirtWorld world;
    private Engine engine;
    private FaultCampaign campaign;
    private Path wrapperDir;
    private String qemuImgBefore;

    @BeforeAll
    void setUp() throws Exception {
        world = LibvirtWorld.ofTwoTestHosts("iaas-rel-io-", tmp);
        engine = Engine.builder().workers(2).build();
        campaign = new FaultCampaign(world, engine, Duration.ofMillis(200), Duration.ofMillis(200));
        wrapperDir = Files.createDirectories(tmp.resolve("qemu-img-wrapper"));
        Path wrapper = wrapperDir.resolve("qemu-img");
        // The wrapper: a file per run number says what that run does; "count" holds the runs so far.
        Files.writeString(wrapper, String.join("\n",
                "#!/bin/sh",
                "dir=$(dirname \"$0\")",
                "n=$(( $(cat \"$dir/count\" 2>/dev/null || echo 0) + 1 ))",
                "echo \"$n\" > \"$dir/count\"",
                "mode=$(cat \"$dir/fault-$n\" 2>/dev/null)",
                "case \"$mode\" in",
                "  fail) echo \"injected: qemu-img failed before it acted\" >&2; exit 1 ;;",
                "  after) qemu-img \"$@\"; echo \"injected: qemu-img failed after it acted\" >&2; exit 1 ;;",
                "  hang) exec sleep 600 ;;",
                "  *) exec qemu-img \"$@\" ;;",
                "esac", ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        qemuImgBefore = System.getProperty("iaas.qemu-img");
        System.setProperty("iaas.qemu-img", wrapper.toString());
    }

    @AfterAll
    void tearDown() {
        System.out.println(campaign.summary("io-faults test-driver (qemu-img, definition store)"));
        if (qemuImgBefore == null) {
            System.clearProperty("iaas.qemu-img");
        } else {
            System.setProperty("iaas.qemu-img", qemuImgBefore);
        }
        engine.close();
        world.close();
    }

    /** qemu-img through the wrapper: arming writes the run's fault file and resets the count. */
    private final class QemuImgFaults implements FaultCampaign.Injector {
        private int armedAt;
        private String armedMode;

        @Override
        public void arm(int n, String mode) {
            disarm();
            armedAt = n;
            armedMode = mode;
            if (mode != null && n > 0) {
                write("fault-" + n, mode);
            }
        }

        @Override
        public int calls() {
            try {
                Path count = wrapperDir.resolve("count");
                return Files.exists(count) ? Integer.parseInt(Files.readString(count).strip()) : 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public List<String> fired() {
            return armedMode != null && armedAt > 0 && calls() >= armedAt ? List.of(armedAt + ":qemu-img")
                    : List.of();
        }

        @Override
        public void disarm() {
            try (var files = Files.list(wrapperDir)) {
                for (Path f : files.filter(p -> !p.getFileName().toString().equals("qemu-img")).toList()) {
                    Files.delete(f);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            armedAt = 0;
            armedMode = null;
        }

        private void write(String file, String text) {
            try {
                Files.writeString(wrapperDir.resolve(file), text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The definition store's file operations: the n-th throws an IOException before it is made. */
    private final class StoreFaults implements FaultCampaign.Injector {
        private final AtomicInteger calls = new AtomicInteger();
        private final List<String> fired = new CopyOnWriteArrayList<>();
        private volatile int armedAt;

        StoreFaults() {
            world.storeHook = (operation, file) -> {
                int n = calls.incrementAndGet();
                if (n == armedAt) {
                    fired.add(n + ":store-" + operation + "@" + campaign.phase());
                    throw new IOException("injected: " + operation + " of " + file.getFileName() + " failed");
                }
            };
        }

        @Override
        public void arm(int n, String mode) {
            calls.set(0);
            fired.clear();
            armedAt = mode == null ? 0 : n;
        }

        @Override
        public int calls() {
            return calls.get();
        }

        @Override
        public List<String> fired() {
            return List.copyOf(fired);
        }

        @Override
        public void disarm() {
            armedAt = 0;
        }
    }

    private void enumerate(FaultCampaign.Scenario s, FaultCampaign.Injector injector, List<String> modes) {
        int leaksBefore = campaign.leaks.size();
        int divergencesBefore = campaign.divergences.size();
        int firedBefore = campaign.faultsFired;
        assertThat(campaign.enumerate(s, injector, modes)).as("operations of a clean %s", s).isPositive();
        assertThat(campaign.leaks.subList(leaksBefore, campaign.leaks.size())).as("leaks").isEmpty();
        assertThat(campaign.divergences.subList(divergencesBefore, campaign.divergences.size())).as("divergences")
                .isEmpty();
        assertThat(campaign.faultsFired).as("faults that fired").isGreaterThan(firedBefore);
    }

    @Test
    void qemuImgThatFailsActsThenFailsOrHangsLeavesNoDiskCopy() {
        QemuImgFaults faults = new QemuImgFaults();
        try {
            for (Lifecycle l : Lifecycle.values()) {
                enumerate(FaultCampaign.createScenario(l, true), faults, List.of("fail", "after", "hang"));
            }
            // Volumes: no volume file the model does not have, none the model has without its file.
            enumerate(FaultCampaign.volumeCreateScenario(false), faults, List.of("fail", "after", "hang"));
            enumerate(FaultCampaign.volumeCreateScenario(true), faults, List.of("fail", "after", "hang"));
        } finally {
            faults.disarm();
        }
    }

    @Test
    void aDefinitionStoreWriteRenameOrDeleteThatFailsLeavesNoFileOrDomain() {
        StoreFaults faults = new StoreFaults();
        try {
            for (Lifecycle l : Lifecycle.values()) {
                enumerate(FaultCampaign.createScenario(l, true), faults, List.of("io"));
                enumerate(FaultCampaign.deleteScenario(l), faults, List.of("io"));
            }
            enumerate(FaultCampaign.nonLiveMigrateScenario(), faults, List.of("io"));
        } finally {
            world.storeHook = org.iaasengine.libvirt.store.DefinitionStore.FileHook.NONE;
        }
    }
}
