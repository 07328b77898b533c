package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Optional;

/**
 * What {@code <serial>} and {@code <console>} share: a type ({@code pty}, {@code file}...), a
 * source path (the log file of a {@code file} device, the {@code /dev/pts/N} of a running
 * {@code pty}) and a target type and port. Everything else ({@code alias}, target {@code model},
 * {@code log}, {@code tty} attribute...) is kept.
 *
 * <pre>{@code
 * vm.devices().serials().stream().filter(s -> s.type().equals("file"))
 *         .findFirst().flatMap(CharDevice::sourcePath).ifPresent(log -> tail(log));
 * }</pre>
 */
@XmlTransient
public abstract class CharDevice extends Extensible {
    @XmlAttribute
    private String type;
    @XmlElement
    private Source source;
    @XmlElement
    private Target target;

    CharDevice() {
    }

    void init(String type, String path, String targetType, Integer port) {
        this.type = type;
        if (path != null) {
            source = new Source();
            source.path = path;
        }
        target = new Target();
        target.type = targetType;
        target.port = port == null ? null : port.toString();
    }

    /** The device type: {@code pty}, {@code file}, {@code unix}, {@code tcp}... */
    public String type() {
        return type;
    }

    /** The source path: the file of a {@code file} device, the pty of a running {@code pty} one. */
    public Optional<String> sourcePath() {
        return Optional.ofNullable(source).map(s -> s.path);
    }

    /** The target type: {@code isa-serial} for a serial, {@code serial} or {@code virtio} for a console. */
    public Optional<String> targetType() {
        return Optional.ofNullable(target).map(t -> t.type);
    }

    /** The target port. */
    public Optional<Integer> targetPort() {
        return Optional.ofNullable(target).map(t -> t.port).map(String::strip).map(Integer::valueOf);
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
