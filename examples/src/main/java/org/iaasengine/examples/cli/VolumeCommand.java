package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.core.CommandException;
import org.iaasengine.examples.support.Table;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.libvirt.devices.VolumeScan;
import org.iaasengine.libvirt.spec.VolumeCreateRequest;
import org.iaasengine.model.Volume;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code iaas volume ...}: create, delete and list the disk volumes of the host of {@code --uri}
 * (files {@code <storage>/volumes/<id>.qcow2}, read back from the host by every invocation). Hot-plug
 * is {@code iaas vm attach-volume} / {@code detach-volume}. JSON: a volume is
 * {@code {"id","host","path","format","sizeBytes","vm","target","state"}}.
 */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "Create, delete and list disk volumes.")
final class VolumeCommand implements Runnable {
    private static final String ID = "Id of the volume (1-64 letters, digits, '.', '_', '-').";

    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a volume command is needed: create, delete, list");
    }

    private Invocation invocation() {
        return new Invocation(cli, spec);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a volume: a blank qcow2 of --size, or a linked clone of --template.")
    int create(@Option(names = "--id", required = true, paramLabel = "ID", description = ID) String id,
            @Option(names = "--size", paramLabel = "SIZE", description = "Size of a blank volume, e.g. 64M, 10G.")
            String size,
            @Option(names = "--template", paramLabel = "FILE",
                    description = "Template image, relative to --templates.") String template) {
        long bytes = size == null ? 0 : Values.mebibytes(size) << 20;
        VolumeCreateRequest request = new VolumeCreateRequest("?", id, bytes, template); // checked at the door
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            VolumeScan.read(s.host(), s.model());
            Volume v = inv.run(s, x -> x.actions().devices().createVolume(x.host(),
                    new VolumeCreateRequest(x.host().name(), request.volume(), request.sizeBytes(), request.template())),
                    null, null);
            print(spec.commandLine().getOut(), cli.json, List.of(v), false);
        }
        return ExitCodes.OK;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a volume and its file; refused (exit code 4) while it is attached to a VM.")
    int delete(@Parameters(paramLabel = "ID", description = ID) String id) {
        VolumeIds.check(id);
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            VolumeScan.read(s.host(), s.model());
            if (s.model().volume(id).isEmpty()) {
                throw CommandException.notFound("volume '" + id + "' not found on " + s.host().driver().uri());
            }
            inv.run(s, x -> x.actions().devices().deleteVolume(x.host(), id), null, null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("deleted", true);
            PrintWriter out = spec.commandLine().getOut();
            out.print(cli.json ? Output.toJson(m) + "\n" : "deleted volume " + id + "\n");
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the host's volumes.")
    int list() {
        Invocation inv = invocation();
        try (Session s = inv.session(null)) {
            print(spec.commandLine().getOut(), cli.json, VolumeScan.read(s.host(), s.model()), true);
        }
        return ExitCodes.OK;
    }

    /** Prints volumes as a JSON array ({@code asList}) or object, or as a table. */
    static void print(PrintWriter out, boolean json, List<Volume> volumes, boolean asList) {
        if (json) {
            List<Map<String, Object>> rows = volumes.stream().map(VolumeCommand::volumeJson).toList();
            out.print(Output.toJson(asList ? rows : rows.get(0)) + "\n");
        } else {
            Table t = new Table("ID", "STATE", "SIZE", "VM", "TARGET", "PATH");
            for (Volume v : volumes) {
                t.row(v.id(), v.state(), (v.sizeBytes() >> 20) + " MiB", v.vm() == null ? "-" : v.vm(),
                        v.target() == null ? "-" : v.target(), v.path());
            }
            out.print(t.render());
        }
        out.flush();
    }

    static Map<String, Object> volumeJson(Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("host", v.host());
        m.put("path", v.path());
        m.put("format", v.format());
        m.put("sizeBytes", v.sizeBytes());
        m.put("vm", v.vm());
        m.put("target", v.target());
        m.put("state", v.state().name());
        return m;
    }
}
