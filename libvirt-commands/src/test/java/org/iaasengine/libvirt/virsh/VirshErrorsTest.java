package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iaasengine.libvirt.virsh.VirshParsersTest.recorded;

import java.nio.charset.StandardCharsets;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The classifier against stderr recorded from real virsh 9.0, and libvirt's fixed prefixes. */
class VirshErrorsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "err-no-domain.txt,            NO_DOMAIN,          NOT_FOUND",
        "err-resume-running.txt,       OPERATION_INVALID,  CONFLICT",
        "err-create-exists.txt,        DOM_EXIST,          CONFLICT",
        "err-start-active.txt,         OPERATION_INVALID,  CONFLICT",
        "err-undefine-transient.txt,   OPERATION_INVALID,  CONFLICT",
        "err-xml-parse.txt,            XML_DETAIL,         INVALID_INPUT",
        "err-xml-error.txt,            XML_ERROR,          INVALID_INPUT",
        "err-xml-schema.txt,           XML_INVALID_SCHEMA, INVALID_INPUT",
        "err-name-slash.txt,           XML_ERROR,          INVALID_INPUT",
        "err-name-newline.txt,         XML_DETAIL,         INVALID_INPUT",
        "err-jobabort-nojob.txt,       OPERATION_INVALID,  CONFLICT",
        "err-jobinfo-inactive.txt,     OPERATION_INVALID,  CONFLICT",
        "err-agent.txt,                UNKNOWN,            INVALID_INPUT",
        "err-connect-socket.txt,       NO_CONNECT,         TRANSIENT",
        "err-no-driver.txt,            NO_CONNECT,         TRANSIENT",
        "err-migrate-connect.txt,      NO_CONNECT,         TRANSIENT",
        "err-migrate-aborted.txt,      OPERATION_ABORTED,  CANCELLED",
    })
    void recordedVirshErrorsAreClassifiedByLibvirtCode(String file, LibvirtError error, FailureCategory category) {
        VirshErrors.Classification c = VirshErrors.classify(recorded(file));
        assertThat(c.error()).isEqualTo(error);
        assertThat(c.category()).isEqualTo(category);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "internal error: process exited while connecting to monitor | INTERNAL_ERROR",
        "Timed out during operation: cannot acquire state change lock | OPERATION_TIMEOUT",
        "operation aborted: migration out: canceled by client | OPERATION_ABORTED",
        "Unsafe migration: Migration without shared storage is unsafe | MIGRATE_UNSAFE",
        "operation failed: job 'migration out' failed: unexpectedly | OPERATION_FAILED",
        "Domain not found: no domain with matching name 'x' | NO_DOMAIN",
        "unsupported configuration: no such thing | CONFIG_UNSUPPORTED",
        "Operation not supported: nope | OPERATION_UNSUPPORTED",
        "Guest agent is not responding: QEMU guest agent is not connected | AGENT_UNRESPONSIVE",
        "the CPU is incompatible with host CPU: Host CPU does not provide required features | CPU_INCOMPATIBLE",
        "access denied: 'x' denied access | ACCESS_DENIED",
        "operation forbidden: read only access prevents virDomainDestroy | OPERATION_DENIED",
        "invalid argument: bandwidth must be less than 8796093022207 | INVALID_ARG",
        "Cannot recv data: Connection reset by peer | SYSTEM_ERROR",
        "End of file while reading data: Input/output error | SYSTEM_ERROR",
    })
    void libvirtMessagePrefixesMapToTheirCodes(String message, LibvirtError error) {
        VirshErrors.Classification c = VirshErrors.classify("error: Failed to do it to domain 'x'\nerror: "
                + message + "\n");
        assertThat(c.error()).isEqualTo(error);
        assertThat(c.category()).isEqualTo(error.category());
    }

    @Test
    void theLibvirtLineWinsOverVirshsContextLine() {
        VirshErrors.Classification c = VirshErrors.classify(
                "error: failed to connect to the hypervisor\nerror: internal error: boom\n");
        assertThat(c.error()).isEqualTo(LibvirtError.INTERNAL_ERROR);
        assertThat(c.text()).isEqualTo("failed to connect to the hypervisor: internal error: boom");
    }

    @Test
    void aDomainNameThatLooksLikeAnErrorDoesNotFoolTheClassifier() {
        VirshErrors.Classification c = VirshErrors.classify(
                "error: Failed to resume domain 'internal error: Domain not found'\n"
                        + "error: Requested operation is not valid: domain is not paused\n");
        assertThat(c.error()).isEqualTo(LibvirtError.OPERATION_INVALID);
    }

    @Test
    void unrecognisedErrorsAreUnknownAndKeepTheirText() {
        VirshErrors.Classification c = VirshErrors.classify("error: something new\n");
        assertThat(c.error()).isEqualTo(LibvirtError.UNKNOWN);
        assertThat(c.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(c.text()).isEqualTo("something new");
        assertThat(VirshErrors.classify("Segmentation fault\n").text()).isEqualTo("Segmentation fault");
    }

    @Test
    void recordedErrorTextIsReadAsUtf8() {
        byte[] raw = "error: failed to get domain 'é日本'\n".getBytes(StandardCharsets.UTF_8);
        assertThat(VirshErrors.classify(new String(raw, StandardCharsets.UTF_8)).text())
                .isEqualTo("failed to get domain 'é日本'");
    }
}
