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
    void sizesWithWhiteSpaceInsideAreRefusedNamingWhatWasTyped() {
        for (String bad : new String[] {"512 M", "512\tM", "2 GiB", "1 024", "512M B", "512\u00a0M", "512\u2003M"}) {
            assertThatThrownBy(() -> Values.mebibytes(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("white space inside");
        }
        // Around the value, white space is no mark of a mistake: a value read from a file ends in a line break.
        assertThat(Values.mebibytes(" 512M ")).isEqualTo(512);
        assertThat(Values.mebibytes("512M\n")).isEqualTo(512);
        assertThatThrownBy(() -> Values.duration("30 s")).hasMessageContaining("'30 s'");
        assertThat(Values.duration("30s\n")).isEqualTo(Duration.ofSeconds(30));
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
