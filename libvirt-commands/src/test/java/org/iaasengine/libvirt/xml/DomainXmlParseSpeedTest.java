package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A quick, JMH-free measure of how long reading a typical real {@code dumpxml} takes once warm
 * (InitModel reads one per domain). The bound is loose (shared 2-core CI machines), to catch a gross regression, not
 * to benchmark; the measured time is logged.
 */
class DomainXmlParseSpeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(DomainXmlParseSpeedTest.class);

    @Test
    void warmFromXmlOfARealDumpTakesMillisecondsNotTensOfMilliseconds() {
        String xml = RealDumpxmlRoundTripTest.resource("running-transient-user-qcow2-serialfile-kernel.xml");
        long sink = 0;
        for (int i = 0; i < 1000; i++) {
            sink += DomainXmlCodec.fromXml(xml).memoryKiB();
        }
        int rounds = 500;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += DomainXmlCodec.fromXml(xml).memoryKiB();
        }
        double micros = (System.nanoTime() - start) / 1e3 / rounds;
        LOG.info("fromXml of a {}-character real dumpxml: {} us warm (average of {})", xml.length(),
                String.format("%.0f", micros), rounds);

        assertThat(sink).isPositive();
        assertThat(micros).as("microseconds per fromXml").isLessThan(50_000);
    }
}
