package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The {@code <features>} element: ACPI and APIC as flags; every other feature ({@code pae},
 * {@code hyperv}, {@code vmport}...) and any attribute on {@code <acpi>}/{@code <apic>} is kept.
 *
 * <pre>{@code
 * boolean powerButtonWorks = vm.features().map(Features::acpi).orElse(false);
 * }</pre>
 */
@XmlType(propOrder = {"acpi", "apic", "otherElements"})
public final class Features extends Extensible {
    @XmlElement
    private Flag acpi;
    @XmlElement
    private Flag apic;

    Features() {
    }

    /** True if {@code <acpi/>} is present: the guest sees an ACPI power button. */
    public boolean acpi() {
        return acpi != null;
    }

    /** True if {@code <apic/>} is present. */
    public boolean apic() {
        return apic != null;
    }

    void setAcpi(boolean on) {
        acpi = on ? (acpi == null ? new Flag() : acpi) : null;
    }

    void setApic(boolean on) {
        apic = on ? (apic == null ? new Flag() : apic) : null;
    }
}
