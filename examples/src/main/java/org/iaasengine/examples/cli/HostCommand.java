package org.iaasengine.examples.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code iaas host ...}: what the host is and how busy it is. */
@Command(name = "host", mixinStandardHelpOptions = true, description = "Show the host.")
final class HostCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a host command is needed: info, stats");
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "CPU, memory and the number of VMs of the host (the HostInfo action).")
    int info() {
        Invocation inv = new Invocation(cli, spec);
        if (cli.remote()) {
            try (Remote r = Remote.open(cli, spec)) {
                String node = r.requiredNode("host info");
                var res = r.run(node, new org.iaasengine.libvirt.spec.HostInfoRequest(node), null);
                if (res != Remote.DETACHED) {
                    inv.output().host(Remote.read(res, org.iaasengine.model.Host.class));
                }
            }
            return ExitCodes.OK;
        }
        try (Session s = inv.session(null)) {
            inv.output().host(inv.run(s, x -> x.actions().hostInfo(x.host()), null, null));
        }
        return ExitCodes.OK;
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "CPU and memory use measured over an interval (the HostStatistical action).")
    int stats(@Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = Values.DurationConverter.class,
            description = "Time between the two samples (default: ${DEFAULT-VALUE}).") Duration interval) {
        Invocation inv = new Invocation(cli, spec);
        if (cli.remote()) {
            org.iaasengine.core.InvalidInputException.check(!interval.isZero() && !interval.isNegative()
                    && interval.compareTo(Duration.ofMinutes(10)) <= 0,
                    "statistics interval must be between 0 and 10 minutes, was %s", interval);
            try (Remote r = Remote.open(cli, spec)) {
                String node = r.requiredNode("host stats");
                var res = r.run(node, new org.iaasengine.libvirt.spec.HostStatisticalRequest(node, interval),
                        "measuring " + node);
                if (res != Remote.DETACHED) {
                    inv.output().stats(Remote.read(res, org.iaasengine.libvirt.actions.HostStatistics.class));
                }
            }
            return ExitCodes.OK;
        }
        try (Session s = inv.session(null)) {
            inv.output().stats(inv.run(s, x -> x.actions().hostStatistical(x.host(), interval), null, null));
        }
        return ExitCodes.OK;
    }
}
