package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <devices>} element. The {@code <emulator>}, the known devices (disks, interfaces,
 * graphics, serials, consoles) and the unknown ones (controllers, inputs, video, memballoon,
 * channels, rng...) sit in one list in document order, so the order of devices, which decides
 * PCI slots and the primary console, is written back exactly as read.
 *
 * <pre>{@code
 * for (NetInterface nic : vm.devices().interfaces()) {
 *     log.info("{} {}", nic.type(), nic.mac().orElse("(libvirt assigns)"));
 * }
 * }</pre>
 */
public final class Devices extends OrderedElement {
    static final Child<String> EMULATOR = new Child<>("emulator", String.class);
    private static final List<String> ORDER = List.of("emulator", "disk", "interface", "serial", "console",
            "graphics");

    @XmlElementRefs({
        @XmlElementRef(name = "emulator", type = JAXBElement.class),
        @XmlElementRef(type = Disk.class),
        @XmlElementRef(type = NetInterface.class),
        @XmlElementRef(type = Graphics.class),
        @XmlElementRef(type = Serial.class),
        @XmlElementRef(type = Console.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> entries = new ArrayList<>();

    Devices() {
    }

    /** The emulator binary, such as {@code /usr/bin/qemu-system-x86_64}; libvirt fills it in on define. */
    public Optional<String> emulator() {
        return Optional.ofNullable(get(EMULATOR));
    }

    /** The disks (including CD-ROMs), in document order; live objects. */
    public List<Disk> disks() {
        return only(Disk.class);
    }

    /** The network interfaces, in document order; live objects. */
    public List<NetInterface> interfaces() {
        return only(NetInterface.class);
    }

    /** The graphics devices, in document order; live objects. */
    public List<Graphics> graphics() {
        return only(Graphics.class);
    }

    /** The serial ports, in document order; live objects. */
    public List<Serial> serials() {
        return only(Serial.class);
    }

    /** The consoles, in document order; the first is the primary console. Live objects. */
    public List<Console> consoles() {
        return only(Console.class);
    }

    void setEmulator(String emulator) {
        set(EMULATOR, emulator);
    }

    void add(Object device) {
        entries.add(device);
    }

    void remove(Object device) {
        entries.remove(device);
    }

    void removeAll(Class<?> type) {
        entries.removeIf(type::isInstance);
    }

    /** Every device in document order: the known device objects and DOM elements for the rest. */
    List<Object> entries() {
        return entries.stream().filter(e -> !(e instanceof JAXBElement<?>)).toList();
    }

    @Override
    List<Object> children() {
        return entries;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }

    @Override
    String knownName(Object child) {
        XmlRootElement root = child.getClass().getAnnotation(XmlRootElement.class);
        return root != null ? root.name() : super.knownName(child);
    }

    private <T> List<T> only(Class<T> type) {
        return entries.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
