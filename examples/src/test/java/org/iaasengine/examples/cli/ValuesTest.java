package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ValuesTest {
    @Test
    void sizesReadAsMebibytesWithTheUnitsPeopleType() {
        assertThat(Values.mebibytes("512M")).isEqualTo(512);
        assertThat(Values.mebibytes("512MiB")).isEqualTo(512);
        assertThat(Values.mebibytes("512")).isEqualTo(512);
        assertThat(Values.mebibytes("2G")).isEqualTo(2048);
        assertThat(Values.mebibytes("2gib")).isEqualTo(2048);
        assertThat(Values.mebibytes("1048576K")).isEqualTo(1024);
        assertThat(Values.mebibytes("1T")).isEqualTo(1024 * 1024);
    }

    @Test
    void badSizesAreRejectedNamingTheValue() {
        for (String bad : new String[] {"lots", "-1M", "1.5G", "", "1X", "1000K"}) {
            assertThatThrownBy(() -> Values.mebibytes(bad)).isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void durationsReadShortFormsAndIso() {
        assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Values.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Values.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Values.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> Values.duration("soon")).hasMessageContaining("'soon'");
    }
}
