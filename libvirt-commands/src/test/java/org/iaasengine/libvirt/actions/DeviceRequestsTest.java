package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.libvirt.spec.AttachNicRequest;
import org.iaasengine.libvirt.spec.AttachVolumeRequest;
import org.iaasengine.libvirt.spec.DetachVolumeRequest;
import org.iaasengine.libvirt.spec.VolumeCreateRequest;
import org.junit.jupiter.api.Test;

/** The device requests refuse bad input at the door, naming the bad value. */
class DeviceRequestsTest {

    @Test
    void aVolumeIdThatIsNotAPlainFileNameIsRefused() {
        assertThatThrownBy(() -> new VolumeCreateRequest("h", "../etc/passwd", 1L << 20, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'../etc/passwd'");
        assertThatThrownBy(() -> new VolumeCreateRequest("h", ".hidden", 1L << 20, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'.hidden'");
    }

    @Test
    void aBlankVolumeNeedsASizeAndATemplateVolumeNone() {
        assertThatThrownBy(() -> new VolumeCreateRequest("h", "d1", 0, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("size 0");
        assertThatThrownBy(() -> new VolumeCreateRequest("h", "d1", 1L << 20, "base.qcow2"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'base.qcow2'");
    }

    @Test
    void aTargetOtherThanVdOrSdIsRefused() {
        assertThatThrownBy(() -> new AttachVolumeRequest("h", "web1", "d1", "hda"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'hda'");
    }

    @Test
    void aBadMacOrNetworkIsRefused() {
        assertThatThrownBy(() -> new AttachNicRequest("h", "web1", "01:00:5e:00:00:01", "user"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("01:00:5e:00:00:01");
        assertThatThrownBy(() -> new AttachNicRequest("h", "web1", "52:54:00:00:00:09", "wifi"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'wifi'");
    }

    @Test
    void aDeadlineOutsideOneSecondToOneHourIsRefused() {
        assertThatThrownBy(() -> new DetachVolumeRequest("h", "web1", "d1", Duration.ofMillis(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PT0.01S");
    }
}
