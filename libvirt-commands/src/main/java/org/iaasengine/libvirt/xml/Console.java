package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlRootElement;

/**
 * A {@code <console>} device; with target type {@code serial} it mirrors a serial port.
 *
 * <pre>{@code
 * Optional<String> pty = vm.devices().consoles().stream().findFirst().flatMap(Console::sourcePath);
 * }</pre>
 */
@XmlRootElement(name = "console")
public final class Console extends CharDevice {
    Console() {
    }

    static Console of(String type, String path, String targetType, int port) {
        Console c = new Console();
        c.init(type, path, targetType, port);
        return c;
    }
}
