package org.iaasengine.powervm.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparSpec;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused with a message naming the bad value, before any request. */
class CommandValidationTest {
    private static final String UUID = "11111111-2222-4333-8444-555555555555";
    private PowerVmSimulator sim;
    private PowerVmClient client;

    @BeforeEach
    void start() {
        sim = PowerVmSimulator.start();
        client = PowerVmClient.lazy(sim.config().build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private void refused(Executable build, String badValue) {
        CommandException e = catchThrowableOfType(CommandException.class, build::execute);
        assertThat(e).as("expected a refusal naming %s", badValue).isNotNull();
        assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e.getMessage()).contains(badValue);
    }

    @Test
    void badNamesSizesAndUuidsAreRefusedBeforeAnyRequest() {
        refused(() -> LparSpec.of("bad name", 2048, 0.5, 1), "'bad name'");
        refused(() -> LparSpec.of("x".repeat(32), 2048, 0.5, 1), "x".repeat(32));
        refused(() -> LparSpec.of("web1", 128, 0.5, 1), "128");
        refused(() -> LparSpec.of("web1", 2048, 0.01, 1), "0.01");
        refused(() -> LparSpec.of("web1", 2048, 3.0, 2), "3.0");
        refused(() -> LparSpec.of("web1", 2048, 0.5, 0), "was 0");
        refused(() -> new CreateLpar(client, "not-a-uuid", LparSpec.of("web1", 2048, 0.5, 1)), "'not-a-uuid'");
        refused(() -> new GetLpar(client, Input.of("../../web/Logon")).execute(null), "'../../web/Logon'");
        refused(() -> new CreateClientNetworkAdapter(client, Input.of(UUID), 4095, null), "4095");
        refused(() -> new CreateVirtualDisk(client, UUID, UUID, "name_longer_than_15", 10, Input.of(null)),
                "name_longer_than_15");
        refused(() -> new CreateVirtualDisk(client, UUID, UUID, "b_web1", 0, Input.of(null)), "was 0");
        refused(() -> new CreateLogicalUnit(client, UUID, "boot_web1", 10, "VirtualIO_Tape", Input.of(null)),
                "VirtualIO_Tape");
        refused(() -> new AddVfcMapping(client, UUID, Input.of(UUID), "eth0"), "'eth0'");
        refused(() -> new FindPhysicalVolume(client, UUID, "udid with spaces"), "udid with spaces");
        refused(() -> new MigrateLpar(client, Input.of(UUID), "sys-a", "sys-a", Duration.ofMinutes(1)), "sys-a");
        refused(() -> new PowerOn(client, Input.of(UUID), Duration.ZERO), "PT0S");

        assertThat(sim.requests()).isEmpty();
        assertThat(LogicalUnit.DISK).isEqualTo("VirtualIO_Disk");
    }
}
