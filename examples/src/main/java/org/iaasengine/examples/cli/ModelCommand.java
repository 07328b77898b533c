package org.iaasengine.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code iaas model sync}: read the host into a resource model and print it. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "The resource model of the host.")
final class ModelCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a model command is needed: sync");
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Read the host and its VMs (and the stopped VMs the tool keeps) into the model; print it.")
    int sync() {
        Invocation inv = new Invocation(cli, spec);
        try (Session s = inv.session(null)) {
            inv.run(s, x -> x.actions().hostInfo(x.host()), null, null);
            inv.output().model(s.model().snapshot());
        }
        return ExitCodes.OK;
    }
}
