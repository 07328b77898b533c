package org.iaasengine.libvirt.libvirtjava;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle events of one host, handed to the driver's subscribers. One libvirt-java
 * {@link LifecycleListener} is registered on the connection while at least one subscriber exists,
 * registered again on every new connection after a reconnect (as a connect hook, before reconnect
 * listeners run), and deregistered when the last subscription closes.
 *
 * <p>The libvirt callback runs on the event-loop thread ({@link LibvirtRuntime}). It makes no call that reaches
 * the daemon: it reads the domain's name and UUID (local accessors of the handle), frees the
 * handle, and queues the event for the {@code iaas-libvirt-events} thread, which calls the
 * subscribers one after the other, in the order libvirt sent the events. A subscriber that throws is logged
 * and the others still get the event.
 *
 * <pre>{@code
 * try (AutoCloseable sub = hub.subscribe(e -> queue.offer(e))) {
 *     ...
 * }
 * }</pre>
 */
final class EventHub implements ConnectionSupervisor.ConnectHook, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final Field DETAIL_FIELD = detailField();

    private final ConnectionSupervisor supervisor;
    private final ExecutorService dispatcher;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private SupervisedConnect registeredOn;
    private LifecycleListener registered;

    EventHub(ConnectionSupervisor supervisor) {
        this.supervisor = supervisor;
        this.dispatcher = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
                .setNameFormat("iaas-libvirt-events[" + supervisor.uri() + "]").setDaemon(true).build());
        supervisor.addConnectHook(this);
    }

    /** One subscriber; closing it unsubscribes. */
    private final class Subscription implements AutoCloseable {
        final Consumer<DomainEvent> listener;

        Subscription(Consumer<DomainEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            unsubscribe(this);
        }
    }

    /**
     * Adds a subscriber; registers the libvirt callback if it is the first. While the connection
     * is down the registration waits for the reconnect; another failure is thrown.
     */
    AutoCloseable subscribe(Consumer<DomainEvent> listener) {
        Subscription s = new Subscription(Objects.requireNonNull(listener, "listener"));
        synchronized (lock) {
            subscribers.add(s);
            SupervisedConnect c = supervisor.currentConnection();
            if (c != null && registeredOn != c) {
                try {
                    register();
                } catch (DriverException e) {
                    if (e.category() != FailureCategory.TRANSIENT) {
                        subscribers.remove(s);
                        throw e;
                    }
                    LOG.debug("event registration on {} deferred until reconnect: {}", supervisor.uri(),
                            e.getMessage());
                }
            }
        }
        return s;
    }

    private void unsubscribe(Subscription s) {
        synchronized (lock) {
            if (!subscribers.remove(s) || !subscribers.isEmpty() || registeredOn == null) {
                return;
            }
            SupervisedConnect on = registeredOn;
            LifecycleListener l = registered;
            registeredOn = null;
            registered = null;
            try {
                supervisor.call(Call.host("deregister lifecycle events"), c -> {
                    if (c == on) {
                        c.removeLifecycleListener(l);
                    }
                    return null;
                });
            } catch (DriverException e) {
                LOG.debug("deregistering lifecycle events on {} failed (connection gone?): {}", supervisor.uri(),
                        e.getMessage());
            }
        }
    }

    /** A new connection is in use: register there if anyone listens. */
    @Override
    public void connected(SupervisedConnect connection) {
        synchronized (lock) {
            registeredOn = null;
            registered = null;
            if (!subscribers.isEmpty()) {
                register();
                LOG.info("lifecycle events on {} subscribed again after reconnect", supervisor.uri());
            }
        }
    }

    /** Number of subscribers, for tests. */
    int subscriberCount() {
        return subscribers.size();
    }

    private void register() {
        LifecycleListener l = this::onLifecycle;
        SupervisedConnect on = supervisor.call(Call.host("register lifecycle events"), c -> {
            c.addLifecycleListener(l);
            return c;
        });
        registeredOn = on;
        registered = l;
    }

    /** On the event-loop thread: no daemon calls, no blocking. */
    private int onLifecycle(Domain domain, org.libvirt.event.DomainEvent info) {
        DomainHandles handles = supervisor.handles();
        handles.adopted(1);
        String name;
        String uuid;
        try {
            name = domain.getName();
            uuid = domain.getUUIDString();
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("a lifecycle event from {} had an unreadable domain; dropped", supervisor.uri(), e);
            return 0;
        } finally {
            handles.free(domain);
        }
        int typeCode = info.getType() == null ? -1 : info.getType().ordinal();
        if (typeCode < 0 || typeCode > DomainEvent.Type.CRASHED.code()) {
            LOG.debug("lifecycle event {} for '{}' on {} has an unknown type; dropped", info, name, supervisor.uri());
            return 0;
        }
        DomainEvent.Type type = DomainEvent.Type.ofCode(typeCode);
        DomainEvent event = new DomainEvent(supervisor.uri(), name, uuid, type, EventDetail.of(type, detailOf(info)));
        try {
            dispatcher.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            LOG.debug("event {} arrived after the driver closed; dropped", event);
        }
        return 0;
    }

    private void deliver(DomainEvent event) {
        for (Subscription s : subscribers) {
            try {
                s.listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a lifecycle event subscriber failed on {}", event, e);
            }
        }
    }

    /**
     * libvirt's detail number. libvirt-java hands it out only as an enum that lacks libvirt's newer
     * details (it clamps them to UNKNOWN, its last constant); below that its positions are
     * libvirt's numbers. For a clamped one the number is read from the event's private field.
     */
    static int detailOf(org.libvirt.event.DomainEvent info) {
        Enum<?> detail = info.getDetail();
        if (detail != null && !"UNKNOWN".equals(detail.name())) {
            return detail.ordinal();
        }
        if (DETAIL_FIELD != null) {
            try {
                return DETAIL_FIELD.getInt(info);
            } catch (IllegalAccessException e) {
                LOG.debug("cannot read the event's detail number", e);
            }
        }
        return -1;
    }

    private static Field detailField() {
        try {
            Field f = org.libvirt.event.DomainEvent.class.getDeclaredField("detail");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(EventHub.class).debug("libvirt-java's DomainEvent has no readable 'detail'", e);
            return null;
        }
    }

    @Override
    public void close() {
        subscribers.clear();
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
