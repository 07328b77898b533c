package org.iaasengine.powervm;

import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Retry;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Validate;

/**
 * One managed system as the library sees it: the model's name for it, the client of its HMC or
 * NovaLink, its UUID and name, the VIOS that serves its LPARs, the resource model, the retry policy
 * of steps and reverts, and the timeouts.
 *
 * <pre>{@code
 * PowerVmHost host = PowerVmHost.of("sys-a", client, systemUuid, "sys-a", viosUuid, model)
 *         .withRetry(Retry.builder().maxAttempts(5).retryOn(FailureCategory.TRANSIENT).build());
 * }</pre>
 *
 * @param name       the host's name in the resource model
 * @param client     the REST client
 * @param systemUuid the managed system's UUID
 * @param systemName the managed system's name (the target name of migrations)
 * @param viosUuid   the VIOS that maps disks and volumes to this system's LPARs
 * @param model      the resource model to keep true
 * @param retry      the retry policy of steps and reverts
 * @param timeouts   the timeouts of jobs and actions
 */
public record PowerVmHost(String name, PowerVmClient client, String systemUuid, String systemName, String viosUuid,
        ResourceModel model, Retry retry, Timeouts timeouts) {

    /**
     * Timeouts.
     *
     * @param job           a PowerOn job, and each power-off stage
     * @param migration     a Migrate job
     * @param action        a whole action
     */
    public record Timeouts(Duration job, Duration migration, Duration action) {
        public Timeouts {
            Validate.timeout(job, "job timeout");
            Validate.timeout(migration, "migration timeout");
            Validate.timeout(action, "action timeout");
        }
    }

    /** The default retry: 4 attempts of TRANSIENT failures, backoff 50 ms doubling to 2 s. */
    public static final Retry DEFAULT_RETRY = Retry.builder().maxAttempts(4)
            .backoff(Duration.ofMillis(50), Duration.ofSeconds(2)).retryOn(FailureCategory.TRANSIENT).build();

    /** The default timeouts: jobs 5 min, migration 60 min, actions 90 min. */
    public static final Timeouts DEFAULT_TIMEOUTS = new Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(60),
            Duration.ofMinutes(90));

    public PowerVmHost {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("host name must not be blank: '" + name + "'");
        }
        Objects.requireNonNull(client, "client");
        Validate.uuid(systemUuid, "managed system UUID");
        Validate.systemName(systemName);
        Validate.uuid(viosUuid, "VIOS UUID");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** A host with the default retry and timeouts. */
    public static PowerVmHost of(String name, PowerVmClient client, String systemUuid, String systemName,
            String viosUuid, ResourceModel model) {
        return new PowerVmHost(name, client, systemUuid, systemName, viosUuid, model, DEFAULT_RETRY, DEFAULT_TIMEOUTS);
    }

    public PowerVmHost withRetry(Retry policy) {
        return new PowerVmHost(name, client, systemUuid, systemName, viosUuid, model, policy, timeouts);
    }

    public PowerVmHost withTimeouts(Timeouts t) {
        return new PowerVmHost(name, client, systemUuid, systemName, viosUuid, model, retry, t);
    }

    /**
     * The retry policy for reverts: {@link #retry()}, except that a fixed delay becomes a backoff
     * growing by 1.5 up to twice that delay, because the engine's revert retry (Failsafe backoff)
     * rejects a factor of 1 (engine-core passes the multiplier of a fixed-delay policy to
     * {@code withBackoff}, which requires a factor above 1).
     */
    public Retry revertRetry() {
        if (retry.retries() && !retry.initialDelay().isZero() && retry.multiplier() <= 1.0) {
            return retry.toBuilder().backoff(retry.initialDelay(), retry.initialDelay().multipliedBy(2), 1.5).build();
        }
        return retry;
    }
}
