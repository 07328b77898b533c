package org.iaasengine.powervm.commands;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.LparSpec;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a shared-processor LPAR on a managed system (PUT on its LogicalPartition feed), with a
 * partition UUID the library chooses from the name ({@link #uuidOf}, as nova-powervm gives the
 * LPAR its instance's UUID). That makes a lost reply safe: before its first PUT the command checks
 * that no partition has that UUID (CONFLICT otherwise), so a partition found with it after a PUT
 * whose answer was lost (or refused on a retry because the name is taken) is the one this command
 * made, and is taken as made. Revert deletes it (an LPAR already gone counts as reverted).
 *
 * <pre>{@code
 * LparRef lpar = new CreateLpar(client, systemUuid, LparSpec.of("web1", 2048, 0.5, 1)).execute(ctx);
 * }</pre>
 */
public final class CreateLpar implements Command<LparRef> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateLpar.class);
    private final PowerVmClient client;
    private final String systemUuid;
    private final LparSpec spec;
    private final String uuid;
    private volatile boolean checkedFree;

    public CreateLpar(PowerVmClient client, String systemUuid, LparSpec spec) {
        this(client, systemUuid, spec, spec.name());
    }

    /**
     * An LPAR whose partition UUID is {@link #uuidOf uuidOf(uuidSeed)} rather than that of its
     * name: a second LPAR of the same name (a cold migration's target while the source remains).
     */
    public CreateLpar(PowerVmClient client, String systemUuid, LparSpec spec, String uuidSeed) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.uuid = uuidOf(Objects.requireNonNull(uuidSeed, "uuidSeed"));
    }

    /**
     * The partition UUID the library gives the LPAR named {@code name}: a name-based UUID whose
     * first hex digit is below 8, as PowerVM requires of partition UUIDs.
     */
    public static String uuidOf(String name) {
        String u = UUID.nameUUIDFromBytes(("iaas-engine/LogicalPartition/" + name).getBytes(StandardCharsets.UTF_8))
                .toString().toUpperCase(java.util.Locale.ROOT);
        return Integer.toHexString(Character.digit(u.charAt(0), 16) & 7).toUpperCase(java.util.Locale.ROOT)
                + u.substring(1);
    }

    @Override
    public LparRef execute(CommandContext ctx) {
        if (!checkedFree) {
            if (find() != null) {
                throw new CommandException(FailureCategory.CONFLICT, "a partition with the UUID " + uuid
                        + " of LPAR name '" + spec.name() + "' exists already");
            }
            checkedFree = true;
        }
        LogicalPartition lpar = LogicalPartition.create(spec.name(), spec.memoryMb(), spec.procUnits(), spec.vcpus());
        lpar.partitionUuid = uuid;
        LparRef ref;
        try {
            ref = new LparRef(client.create(Paths.lpars(systemUuid), lpar).value().uuid(), spec.name());
        } catch (PowerVmException e) {
            LparInfo made = e.httpStatus() == 0 || e.category() == FailureCategory.CONFLICT ? findQuietly() : null;
            if (made == null || !spec.name().equals(made.name())) {
                throw e;
            }
            LOG.warn("the answer to the creation of LPAR {} was lost ({}), but it was created: {}", spec.name(),
                    e.category(), made.uuid());
            ref = new LparRef(made.uuid(), spec.name());
        }
        LOG.info("created LPAR {} ({})", ref.name(), ref.uuid());
        return ref;
    }

    /** The partition with this command's UUID, or null. */
    private LparInfo find() {
        try {
            return LparInfo.of(client.get(Paths.lpar(uuid), LogicalPartition.class).value());
        } catch (PowerVmException e) {
            if (e.category() == FailureCategory.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** {@link #find()}, or null when the read fails too (the original failure is then what counts). */
    private LparInfo findQuietly() {
        try {
            return find();
        } catch (PowerVmException e) {
            LOG.debug("cannot tell whether LPAR {} was created", spec.name(), e);
            return null;
        }
    }

    @Override
    public void revert(CommandContext ctx, LparRef created) {
        try {
            client.delete(Paths.lpar(created.uuid()));
            LOG.info("deleted LPAR {} ({}) on revert", created.name(), created.uuid());
        } catch (PowerVmException e) {
            if (e.category() != FailureCategory.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public String name() {
        return "CreateLpar(" + spec.name() + ")";
    }
}
