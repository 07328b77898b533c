package org.iaasengine.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.examples.support.Table;
import org.iaasengine.libvirt.commands.MakeSeed;
import org.iaasengine.libvirt.images.BackupImage;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.CreateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code iaas image list}: the backup images in the image store ({@code --images}), made by
 * {@code iaas vm backup NAME --to IMAGE} and used by {@code iaas vm create --backup IMAGE}. JSON
 * field names are stable: an image is
 * {@code {"name","format","sizeBytes","sha256","virtualSize","sourceVm","consistency","created","file"}}.
 */
@Command(name = "image", mixinStandardHelpOptions = true, description = "List backup images.")
final class ImageCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "an image command is needed: list");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the backup images in the image store (those whose backup completed).")
    int list() {
        ImageStore store = new ImageStore(Session.images(cli));
        print(spec.commandLine().getOut(), cli.json, store, store.list());
        return ExitCodes.OK;
    }

    /**
     * The user-data of {@code iaas vm create --user-data FILE}: the file's text (UTF-8), or null
     * without the option. A file that is not there is NOT_FOUND (exit 3); one that is not UTF-8 text,
     * or too large, INVALID_INPUT (exit 2); both name the file.
     */
    static String readUserData(Path file) {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw CommandException.notFound("user-data file '" + file + "' not found (or not a regular file)");
        }
        try {
            if (Files.size(file) > MakeSeed.MAX_USER_DATA) {
                throw CommandException.invalid("user-data file '" + file + "' is " + Files.size(file)
                        + " bytes; at most " + MakeSeed.MAX_USER_DATA + " accepted");
            }
            return MakeSeed.checkUserData(Files.readString(file, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            throw CommandException.invalid("user-data file '" + file + "' is not UTF-8 text");
        } catch (IOException e) {
            throw CommandException.invalid("user-data file '" + file + "' cannot be read: " + e.getMessage());
        }
    }

    /** The create checks of a backup image: its name, and that it is in the store (NOT_FOUND, exit 3). */
    static void checkAtTheDoor(IaasCli cli, CreateRequest r) {
        if (r.backup() == null) {
            return;
        }
        ImageStore.checkName(r.backup());
        InvalidInputException.check(r.template() == null, "give --template or --backup, not both");
        if (new ImageStore(Session.images(cli)).get(r.backup()).isEmpty()) {
            throw CommandException.notFound("image '" + r.backup() + "' not found in image store "
                    + Session.images(cli));
        }
    }

    /** Prints one image (after a backup) as the list prints its rows. */
    static void printOne(PrintWriter out, boolean json, ImageStore store, BackupImage image) {
        if (json) {
            out.print(Output.toJson(row(store, image)) + "\n");
            out.flush();
        } else {
            print(out, false, store, List.of(image));
        }
    }

    private static void print(PrintWriter out, boolean json, ImageStore store, List<BackupImage> images) {
        if (json) {
            out.print(Output.toJson(images.stream().map(i -> row(store, i)).toList()) + "\n");
        } else {
            Table t = new Table("NAME", "SIZE", "VIRTUAL", "SOURCE", "CONSISTENCY", "CREATED", "SHA256");
            for (BackupImage i : images) {
                t.row(i.name(), i.sizeBytes(), i.virtualSize(), i.sourceVm(), i.consistency(), i.created(),
                        i.sha256().substring(0, 16) + "...");
            }
            out.print(t.render());
        }
        out.flush();
    }

    private static Map<String, Object> row(ImageStore store, BackupImage i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("format", i.format());
        m.put("sizeBytes", i.sizeBytes());
        m.put("sha256", i.sha256());
        m.put("virtualSize", i.virtualSize());
        m.put("sourceVm", i.sourceVm());
        m.put("consistency", i.consistency());
        m.put("created", i.created());
        m.put("file", store.imageFile(i.name()).toString());
        return m;
    }
}
