package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <features>} element: ACPI and APIC as flags; every other feature ({@code pae},
 * {@code hyperv}, {@code vmport}...) and any attribute on {@code <acpi>}/{@code <apic>} is kept, all
 * in document order.
 *
 * <pre>{@code
 * boolean powerButtonWorks = vm.features().map(Features::acpi).orElse(false);
 * }</pre>
 */
public final class Features extends OrderedElement {
    static final Child<Flag> ACPI = new Child<>("acpi", Flag.class);
    static final Child<Flag> APIC = new Child<>("apic", Flag.class);
    private static final List<String> ORDER = List.of("acpi", "apic");

    @XmlElementRefs({
        @XmlElementRef(name = "acpi", type = JAXBElement.class),
        @XmlElementRef(name = "apic", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    Features() {
    }

    /** True if {@code <acpi/>} is present: the guest sees an ACPI power button. */
    public boolean acpi() {
        return get(ACPI) != null;
    }

    /** True if {@code <apic/>} is present. */
    public boolean apic() {
        return get(APIC) != null;
    }

    void setAcpi(boolean on) {
        set(ACPI, on ? (acpi() ? get(ACPI) : new Flag()) : null);
    }

    void setApic(boolean on) {
        set(APIC, on ? (apic() ? get(APIC) : new Flag()) : null);
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }
}
