package org.iaasengine.journal;

import java.time.Instant;

/**
 * One run as the journal holds it.
 *
 * @param requestJson the request's envelope ({@link org.iaasengine.request.RequestCodec}), or null
 *     when the run was started without an {@link org.iaasengine.request.ActionRequest} (it cannot be
 *     rebuilt)
 * @param runner      the process that ran it ({@code host/pid/start-time}, see {@link Runner})
 * @param reason      why a PENDING run could not be settled; null otherwise
 * @param finishedAt  when it got its final outcome; null while it has none
 * @param recoveries  how many recoveries took it
 * @param checksum    the CRC-32 written with the row
 */
public record ActionEntry(String actionId, String owner, String runner, String actionName, String resourceKey, String requestJson,
        SqlJournal.State state, String reason, Instant startedAt, Instant finishedAt, int recoveries, long checksum) {

    /** Whether the row reads back as it was written. */
    public boolean intact() {
        return Checksums.action(actionId, owner, actionName, resourceKey, requestJson) == checksum;
    }
}
