package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * An {@code <interface>} device: its type ({@code user}, {@code network}, {@code bridge}...), MAC
 * address, source network or bridge, model and host-side target device. Everything else
 * ({@code alias}, {@code address}, {@code link}, {@code driver}, {@code bandwidth}, source
 * {@code portgroup}...) is kept, all children in document order. (Named {@code NetInterface} because {@code interface} is a Java
 * keyword.)
 *
 * <pre>{@code
 * NetInterface nic = vm.devices().interfaces().get(0);
 * String where = nic.sourceBridge().or(nic::sourceNetwork).orElse(nic.type());
 * }</pre>
 */
@XmlRootElement(name = "interface")
public final class NetInterface extends OrderedElement {
    static final Child<Mac> MAC = new Child<>("mac", Mac.class);
    static final Child<Source> SOURCE = new Child<>("source", Source.class);
    static final Child<Model> MODEL = new Child<>("model", Model.class);
    static final Child<Target> TARGET = new Child<>("target", Target.class);
    private static final List<String> ORDER = List.of("mac", "source", "model", "target");

    @XmlAttribute
    private String type;
    @XmlElementRefs({
        @XmlElementRef(name = "mac", type = JAXBElement.class),
        @XmlElementRef(name = "source", type = JAXBElement.class),
        @XmlElementRef(name = "model", type = JAXBElement.class),
        @XmlElementRef(name = "target", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    NetInterface() {
    }

    static NetInterface of(String type, String mac, String network, String bridge) {
        NetInterface n = new NetInterface();
        n.type = type;
        if (mac != null) {
            n.setMac(mac);
        }
        if (network != null || bridge != null) {
            Source source = new Source();
            source.network = network;
            source.bridge = bridge;
            n.set(SOURCE, source);
        }
        return n;
    }

    /** The interface type: {@code user}, {@code network}, {@code bridge}, {@code direct}... */
    public String type() {
        return type;
    }

    /** The MAC address in lower case; empty until libvirt assigns one. */
    public Optional<String> mac() {
        return Optional.ofNullable(get(MAC)).map(m -> m.address).map(a -> a.strip().toLowerCase(Locale.ROOT));
    }

    /** The libvirt network of a {@code network} interface. */
    public Optional<String> sourceNetwork() {
        return Optional.ofNullable(get(SOURCE)).map(s -> s.network);
    }

    /** The host bridge of a {@code bridge} interface. */
    public Optional<String> sourceBridge() {
        return Optional.ofNullable(get(SOURCE)).map(s -> s.bridge);
    }

    /**
     * An attribute of {@code <source>}: {@code network}, {@code bridge}, or any other libvirt writes
     * there ({@code dev} of a direct interface, {@code path} of a vhost-user one...); empty when
     * absent or empty.
     */
    public Optional<String> sourceAttribute(String name) {
        Source source = get(SOURCE);
        if (source == null) {
            return Optional.empty();
        }
        String value = switch (name) {
            case "network" -> source.network;
            case "bridge" -> source.bridge;
            default -> source.otherAttributes().get(new QName(name));
        };
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    /** The NIC model, such as {@code virtio}, {@code e1000}, {@code rtl8139}. */
    public Optional<String> model() {
        return Optional.ofNullable(get(MODEL)).map(m -> m.type);
    }

    /** The host-side device, such as {@code vnet0}, of a running domain. */
    public Optional<String> targetDev() {
        return Optional.ofNullable(get(TARGET)).map(t -> t.dev);
    }

    /** Sets the MAC address (already checked and in lower case), keeping other attributes of {@code <mac>}. */
    void setMac(String checkedMac) {
        Mac mac = get(MAC);
        if (mac == null) {
            mac = new Mac();
            set(MAC, mac);
        }
        mac.address = checkedMac;
    }

    void setModel(String type) {
        Model model = get(MODEL);
        if (model == null) {
            model = new Model();
            set(MODEL, model);
        }
        model.type = type;
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
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
