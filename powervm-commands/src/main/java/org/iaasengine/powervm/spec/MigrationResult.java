package org.iaasengine.powervm.spec;

/**
 * A finished live partition migration.
 *
 * <pre>{@code
 * MigrationResult m = results.get(MIGRATED);
 * }</pre>
 *
 * @param lparUuid the LPAR
 * @param source   the managed system it left
 * @param target   the managed system it runs on now
 */
public record MigrationResult(String lparUuid, String source, String target) {
}
