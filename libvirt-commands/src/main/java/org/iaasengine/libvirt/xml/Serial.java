package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlRootElement;

/**
 * A {@code <serial>} device, such as the {@code <serial type='file'>} a guest's console log goes
 * to. libvirt adds a matching {@code <console>} for the first serial port on define.
 *
 * <pre>{@code
 * Serial first = vm.devices().serials().get(0);
 * String log = first.sourcePath().orElseThrow();
 * }</pre>
 */
@XmlRootElement(name = "serial")
public final class Serial extends CharDevice {
    Serial() {
    }

    static Serial of(String type, String path, int port) {
        Serial s = new Serial();
        s.init(type, path, null, port);
        return s;
    }
}
