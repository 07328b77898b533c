package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The one memory converter against libvirt's own rounding: the figures are what libvirt 9's test
 * driver stored for {@code <memory unit='b'>1048577</memory>} and
 * {@code <currentMemory unit='KB'>1001</currentMemory>} ({@code virsh dumpxml} and
 * {@code virsh dominfo}: 1025 KiB and 978 KiB).
 */
class MemoryUnitsTest {

    @Test
    void valuesAreRoundedUpToWholeKibAsLibvirtDoes() {
        assertThat(MemoryUnits.toKiB(1_048_577, "b")).isEqualTo(1025);
        assertThat(MemoryUnits.toKiB(1001, "KB")).isEqualTo(978);
        assertThat(MemoryUnits.toKiB("1", "bytes")).isEqualTo(1);
        assertThat(MemoryUnits.toKiB(1024, "b")).isEqualTo(1);
        assertThat(MemoryUnits.toKiB(1025, "b")).isEqualTo(2);
        assertThat(MemoryUnits.toKiB(0, "GiB")).isZero();
    }

    @Test
    void binaryAndDecimalUnitsInAnyCaseAndNoUnitIsKib() {
        assertThat(MemoryUnits.toKiB(32768, null)).isEqualTo(32768);
        assertThat(MemoryUnits.toKiB("32768", "")).isEqualTo(32768);
        assertThat(MemoryUnits.toKiB(512, "M")).isEqualTo(512 * 1024);
        assertThat(MemoryUnits.toKiB(512, "mib")).isEqualTo(512 * 1024);
        assertThat(MemoryUnits.toKiB(2, "G")).isEqualTo(2 * 1024 * 1024);
        assertThat(MemoryUnits.toKiB(1, "TiB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(MemoryUnits.toKiB(1, "MB")).isEqualTo(977);   // 1,000,000 bytes: 976.56 KiB, up
        assertThat(MemoryUnits.toKiB(1, "GB")).isEqualTo(976_563);
        assertThat(MemoryUnits.mibToKiB(2048)).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void unknownUnitsNegativeValuesAndMoreThanLibvirtAcceptsAreRefusedNamingThem() {
        assertThatThrownBy(() -> MemoryUnits.toKiB(1, "XB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'XB'");
        assertThatThrownBy(() -> MemoryUnits.toKiB(1, "Mx")).hasMessageContaining("'Mx'");
        assertThatThrownBy(() -> MemoryUnits.toKiB(-1, "KiB")).hasMessageContaining("-1");
        assertThatThrownBy(() -> MemoryUnits.toKiB("1.5", "G")).hasMessageContaining("'1.5'");
        assertThatThrownBy(() -> MemoryUnits.toKiB(8, "EiB")).hasMessageContaining("more than libvirt accepts");
        assertThat(MemoryUnits.toKiB(7, "EiB")).isEqualTo(7L << 50);
        assertThatThrownBy(() -> MemoryUnits.mibToKiB(Long.MAX_VALUE / 1024)).hasMessageContaining(
                "more than libvirt accepts");
    }
}
