package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code <interface>} device: its type ({@code user}, {@code network}, {@code bridge}...), MAC
 * address, source network or bridge, model and host-side target device. Everything else
 * ({@code alias}, {@code address}, {@code link}, {@code driver}, {@code bandwidth}, source
 * {@code portgroup}...) is kept. (Named {@code NetInterface} because {@code interface} is a Java
 * keyword.)
 *
 * <pre>{@code
 * NetInterface nic = vm.devices().interfaces().get(0);
 * String where = nic.sourceBridge().or(nic::sourceNetwork).orElse(nic.type());
 * }</pre>
 */
@XmlRootElement(name = "interface")
@XmlType(propOrder = {"mac", "source", "model", "target", "otherElements"})
public final class NetInterface extends Extensible {
    @XmlAttribute
    private String type;
    @XmlElement
    private Mac mac;
    @XmlElement
    private Source source;
    @XmlElement
    private Model model;
    @XmlElement
    private Target target;

    NetInterface() {
    }

    static NetInterface of(String type, String mac, String network, String bridge) {
        NetInterface n = new NetInterface();
        n.type = type;
        if (mac != null) {
            n.setMac(mac);
        }
        if (network != null || bridge != null) {
            n.source = new Source();
            n.source.network = network;
            n.source.bridge = bridge;
        }
        return n;
    }

    /** The interface type: {@code user}, {@code network}, {@code bridge}, {@code direct}... */
    public String type() {
        return type;
    }

    /** The MAC address in lower case; empty until libvirt assigns one. */
    public Optional<String> mac() {
        return Optional.ofNullable(mac).map(m -> m.address).map(a -> a.strip().toLowerCase(Locale.ROOT));
    }

    /** The libvirt network of a {@code network} interface. */
    public Optional<String> sourceNetwork() {
        return Optional.ofNullable(source).map(s -> s.network);
    }

    /** The host bridge of a {@code bridge} interface. */
    public Optional<String> sourceBridge() {
        return Optional.ofNullable(source).map(s -> s.bridge);
    }

    /** The NIC model, such as {@code virtio}, {@code e1000}, {@code rtl8139}. */
    public Optional<String> model() {
        return Optional.ofNullable(model).map(m -> m.type);
    }

    /** The host-side device, such as {@code vnet0}, of a running domain. */
    public Optional<String> targetDev() {
        return Optional.ofNullable(target).map(t -> t.dev);
    }

    /** Sets the MAC address (already checked and in lower case), keeping other attributes of {@code <mac>}. */
    void setMac(String checkedMac) {
        if (mac == null) {
            mac = new Mac();
        }
        mac.address = checkedMac;
    }

    void setModel(String type) {
        if (model == null) {
            model = new Model();
        }
        model.type = type;
    }

    /** {@code <mac address='52:54:00:..'/>}. */
    @XmlType(name = "")
    static final class Mac extends Extensible {
        @XmlAttribute
        String address;
    }

    /** {@code <source network='default'/>} or {@code <source bridge='br0'/>}. */
    @XmlType(name = "")
    static final class Source extends Extensible {
        @XmlAttribute
        String network;
        @XmlAttribute
        String bridge;
    }

    /** {@code <model type='virtio'/>}. */
    @XmlType(name = "")
    static final class Model extends Extensible {
        @XmlAttribute
        String type;
    }

    /** {@code <target dev='vnet0'/>}. */
    @XmlType(name = "")
    static final class Target extends Extensible {
        @XmlAttribute
        String dev;
    }
}
