/**
 * The libvirt domain XML the library writes and reads, as JAXB classes.
 *
 * <p>{@link org.iaasengine.libvirt.xml.DomainXml} is the {@code <domain>} document: build one for
 * a new VM with {@link org.iaasengine.libvirt.xml.DomainXml#builder(String)}, or read what
 * {@code virsh dumpxml} returns with {@link org.iaasengine.libvirt.xml.DomainXmlCodec#fromXml(String)},
 * change it through its validating setters and write it back with
 * {@link org.iaasengine.libvirt.xml.DomainXmlCodec#toXml(DomainXml)}. Elements and attributes the
 * model does not know (metadata, cpu model, clock, controllers, addresses, aliases, seclabels...)
 * are kept exactly as they were read (mixed text included) and <em>where</em> they were: every
 * element holds its known and unknown children in one list in document order
 * ({@code OrderedElement}), so a read-modify-write loses nothing and moves nothing. The setters
 * also change what libvirt derives from their value (NUMA cells, CPU topology, vCPU pins and
 * states) or refuse with a message naming the conflict.
 *
 * <pre>{@code
 * DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml("web1", true));  // with secure data
 * vm.setMemoryMiB(1024);
 * vm.setMac(0, "52:54:00:12:34:56");
 * driver.define(DomainXmlCodec.toXml(vm));                             // VNC password kept
 * }</pre>
 *
 * <p>No XML is ever built by string concatenation: every value goes through JAXB, which escapes
 * it. Parsing refuses DOCTYPEs, so external entities (XXE) and entity expansion are impossible.
 */
package org.iaasengine.libvirt.xml;
