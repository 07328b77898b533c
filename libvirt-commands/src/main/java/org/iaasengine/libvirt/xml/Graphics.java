package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.Optional;

/**
 * A {@code <graphics>} device: its type ({@code vnc}, {@code spice}...), port, autoport and listen
 * address. Everything else ({@code <listen>} children, passwords, keymaps...) is kept. libvirt
 * has no {@code type='none'}: a domain without graphics simply has no such element
 * ({@link DomainXmlBuilder#graphicsNone()}).
 *
 * <pre>{@code
 * vm.devices().graphics().stream().filter(g -> g.type().equals("vnc"))
 *         .findFirst().flatMap(Graphics::port).ifPresent(p -> log.info("VNC on {}", p));
 * }</pre>
 */
@XmlRootElement(name = "graphics")
public final class Graphics extends Extensible {
    @XmlAttribute
    private String type;
    @XmlAttribute
    private String port;
    @XmlAttribute
    private String autoport;
    @XmlAttribute
    private String listen;

    Graphics() {
    }

    static Graphics autoport(String type, String listen) {
        Graphics g = new Graphics();
        g.type = type;
        g.autoport = "yes";
        g.listen = listen;
        return g;
    }

    /** The graphics type: {@code vnc}, {@code spice}, {@code sdl}, {@code egl-headless}... */
    public String type() {
        return type;
    }

    /** The port: {@code -1} with autoport before start, the real port of a running domain. */
    public Optional<Integer> port() {
        return Optional.ofNullable(port).map(String::strip).map(Integer::valueOf);
    }

    /** True if libvirt picks the port ({@code autoport='yes'}). */
    public boolean autoport() {
        return "yes".equals(autoport);
    }

    /** The listen address attribute, such as {@code 127.0.0.1}. */
    public Optional<String> listen() {
        return Optional.ofNullable(listen);
    }
}
