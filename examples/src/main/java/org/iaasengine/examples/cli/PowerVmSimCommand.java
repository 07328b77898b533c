package org.iaasengine.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iaasengine.core.Action;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.PowerVmPlanContext;
import org.iaasengine.powervm.actions.PowerVmRegistry;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code iaas powervm-sim run}: runs PowerVM action requests, each as the registry's JSON envelope
 * ({@link PowerVmRegistry}), in order, against the project's HMC simulator started in process
 * (hosts {@code sim-a} and {@code sim-b}, two VIOSes each, each host with its local disk driver;
 * {@code iaas powervm} drives a real HMC). The requests are those a journal or an agent job carries, so
 * the same JSON drives a real host through the library. With {@code --json} it prints one JSON
 * document: each request with its result, then the model's VMs.
 *
 * <pre>{@code
 * iaas --json powervm-sim run '{"schema":1,"action":"powervm.spawn","request":{...}}' \
 *     '{"schema":1,"action":"powervm.plugVif","request":{"host":"sim-a","name":"web1","vlan":200}}'
 * }</pre>
 */
@Command(name = "powervm-sim", mixinStandardHelpOptions = true,
        description = "PowerVM actions on the project's HMC simulator, in process (no HMC needed).",
        subcommands = {PowerVmSimCommand.Run.class})
final class PowerVmSimCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a powervm-sim command is needed: run");
    }

    /** {@code iaas powervm-sim run REQUEST...}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs PowerVM action requests (JSON envelopes, as a journal stores them) in order on a "
                    + "fresh in-process HMC simulator and prints each result, then the model's VMs.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        PowerVmSimCommand parent;

        @Parameters(paramLabel = "REQUEST", arity = "0..*",
                description = "A request envelope: {\"schema\":1,\"action\":\"powervm.spawn\",\"request\":{...}}.")
        List<String> requests = new ArrayList<>();

        @Option(names = "--requests-file", paramLabel = "FILE",
                description = "A file of request envelopes, one per line (run after the REQUEST arguments).")
        Path file;

        @Option(names = "--fc-volume", paramLabel = "UDID",
                description = "Make a Fibre Channel LUN with this unique device id visible to every VIOS of the "
                        + "simulator (two per system, for vSCSI volumes); may be repeated.")
        List<String> fcVolumes = new ArrayList<>();

        @Option(names = "--disks", paramLabel = "DRIVER", defaultValue = "local",
                description = "The disk driver of both hosts: local (a volume group of each host's VIOS; resize "
                        + "of disks) or ssp (the shared storage pool both systems see; cold migration). "
                        + "Default: ${DEFAULT-VALUE}.")
        String disks;

        @Override
        public Integer call() throws IOException {
            List<String> all = new ArrayList<>(requests);
            if (file != null) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(all::add);
            }
            if (all.isEmpty()) {
                throw CommandException.invalid("no request given: pass REQUEST arguments or --requests-file");
            }
            IaasCli cli = parent.cli;
            PrintWriter out = parent.spec.commandLine().getOut();
            List<Map<String, Object>> done = new ArrayList<>();
            try (PowerVmSimulator sim = PowerVmSimulator.builder().dualVios(true).start();
                    PowerVmClient client = PowerVmClient.connect(sim.config().build());
                    Engine engine = Engine.builder().defaultActionTimeout(cli.timeout).build()) {
                for (int i = 0; i < fcVolumes.size(); i++) {
                    for (String vios : List.of("vios-a", "vios-a2", "vios-b", "vios-b2")) {
                        sim.addFcVolume(vios, "hdisk" + (10 + i), fcVolumes.get(i), 51200);
                    }
                }
                ResourceModel model = new ResourceModel();
                PowerVmHost a = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a",
                        sim.viosUuid("vios-a"), model);
                PowerVmHost b = PowerVmHost.of("sim-b", client, sim.systemUuid("sim-b"), "sim-b",
                        sim.viosUuid("vios-b"), model);
                if (!disks.equals("local") && !disks.equals("ssp")) {
                    throw CommandException.invalid("--disks must be local or ssp, was '" + disks + "'");
                }
                PowerVmPlanContext ctx = PowerVmPlanContext.of(a, b)
                        .withDisks("sim-a", driver(client, sim, "vios-a"))
                        .withDisks("sim-b", driver(client, sim, "vios-b"));
                try {
                    for (String json : all) {
                        Action<?> action = PowerVmRegistry.registry().plan(ctx, json);
                        Object result = engine.run(action);
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("action", action.name());
                        one.put("resource", action.resourceKey());
                        one.put("result", result);
                        done.add(one);
                        if (!cli.json) {
                            out.println(action.name() + " " + action.resourceKey() + ": " + result);
                        }
                    }
                } finally {
                    List<Map<String, Object>> vms = model.snapshot().vms().values().stream()
                            .sorted(java.util.Comparator.comparing(Vm::name)).map(Output::vmJson).toList();
                    if (cli.json) {
                        Map<String, Object> doc = new LinkedHashMap<>();
                        doc.put("results", done);
                        doc.put("vms", vms);
                        out.println(Output.toJson(doc));
                    }
                    out.flush();
                }
            }
            return ExitCodes.OK;
        }

        private DiskDriver driver(PowerVmClient client, PowerVmSimulator sim, String vios) {
            return disks.equals("ssp") ? new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid(vios))
                    : new LocalDiskDriver(client, sim.viosUuid(vios), sim.volumeGroupUuid(vios, "rootvg"));
        }
    }
}
