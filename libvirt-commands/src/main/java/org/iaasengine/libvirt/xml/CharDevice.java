package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <serial>} and {@code <console>} share: a type ({@code pty}, {@code file}...), a
 * source path (the log file of a {@code file} device, the {@code /dev/pts/N} of a running
 * {@code pty}) and a target type and port. Everything else ({@code alias}, target {@code model},
 * {@code log}, {@code tty} attribute...) is kept, all children in document order.
 *
 * <pre>{@code
 * vm.devices().serials().stream().filter(s -> s.type().equals("file"))
 *         .findFirst().flatMap(CharDevice::sourcePath).ifPresent(log -> tail(log));
 * }</pre>
 */
@XmlTransient
public abstract class CharDevice extends OrderedElement {
    static final Child<Source> SOURCE = new Child<>("source", Source.class);
    static final Child<Target> TARGET = new Child<>("target", Target.class);
    private static final List<String> ORDER = List.of("source", "target");

    @XmlAttribute
    private String type;
    @XmlElementRefs({
        @XmlElementRef(name = "source", type = JAXBElement.class),
        @XmlElementRef(name = "target", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    CharDevice() {
    }

    void init(String type, String path, String targetType, Integer port) {
        this.type = type;
        if (path != null) {
            Source source = new Source();
            source.path = path;
            set(SOURCE, source);
        }
        Target target = new Target();
        target.type = targetType;
        target.port = port == null ? null : port.toString();
        set(TARGET, target);
    }

    /** The device type: {@code pty}, {@code file}, {@code unix}, {@code tcp}... */
    public String type() {
        return type;
    }

    /** The source path: the file of a {@code file} device, the pty of a running {@code pty} one. */
    public Optional<String> sourcePath() {
        return Optional.ofNullable(get(SOURCE)).map(s -> s.path);
    }

    /** The target type: {@code isa-serial} for a serial, {@code serial} or {@code virtio} for a console. */
    public Optional<String> targetType() {
        return Optional.ofNullable(get(TARGET)).map(t -> t.type);
    }

    /** The target port. */
    public Optional<Integer> targetPort() {
        return Optional.ofNullable(get(TARGET)).map(t -> t.port).map(String::strip).map(Integer::valueOf);
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }

    /** {@code <source path='/var/log/console.log'/>}. */
    @XmlType(name = "")
    static final class Source extends Extensible {
        @XmlAttribute
        String path;
    }

    /** {@code <target type='serial' port='0'/>}. */
    @XmlType(name = "")
    static final class Target extends Extensible {
        @XmlAttribute
        String type;
        @XmlAttribute
        String port;
    }
}
