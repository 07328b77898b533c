package org.iaasengine.examples.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.agent.view.LiveView;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator's live view in a real headless Chromium (Debian's {@code chromium}, driven
 * over the DevTools protocol): the page loads and shows both agents ONLINE with their capacity; a
 * job submitted from the test shows up and finishes on the page, with its VM under its host; an
 * agent stopped shows OFFLINE; all without reloading the page (server-sent events). The page is
 * read-only (POST: 405). Screenshots go to {@code target/}, and to {@code -Diaas.screenshots=DIR}
 * (the README's, in {@code docs/}) when it is given.
 */
class LiveViewIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VM = "h18w-view1";

    @TempDir
    Path dir;

    @Test
    void thePageShowsHostsAJobThatFinishesAndAnAgentThatGoesOffline() throws Exception {
        BrokerControl.ensureUp();
        try (RemoteCluster cluster = new RemoteCluster(dir, "h18w-view").start();
                Orchestrator o = Orchestrator.builder("h18w-view", AgentProcess.orchestratorBroker().factory())
                        .offlineAfter(Duration.ofSeconds(3)).connect();
                LiveView view = LiveView.builder(o).port(0).start();
                Chromium browser = Chromium.start(dir.resolve("chromium"))) {
            o.awaitOnline(RemoteCluster.A, WAIT);
            o.awaitOnline(RemoteCluster.B, WAIT);
            assertThat(view.url()).startsWith("http://127.0.0.1:");

            browser.navigate(view.url());
            assertThat(browser.await(liveness(RemoteCluster.A, "ONLINE") + " && " + liveness(RemoteCluster.B, "ONLINE")
                    + " && document.getElementById('connection').textContent === 'live'", WAIT))
                    .as("both hosts ONLINE on the page: %s", text(browser)).isTrue();
            assertThat(browser.eval(card(RemoteCluster.A) + ".textContent").asText()).contains("4 vCPUs", "0 VMs");
            browser.eval("window.loadedOnce = 'yes'"); // gone if the page were reloaded

            // A job from the test: its row comes, then SUCCEEDED, and the VM shows under host a.
            Orchestrator.JobHandle h = o.submit(RemoteCluster.A, CreateRequest.builder(VM).host(RemoteCluster.A)
                    .memoryMiB(64).vcpus(1).build());
            assertThat(browser.await(row(h.jobId()) + " !== null", WAIT)).as("the job's row: %s", text(browser)).isTrue();
            assertThat(h.answer().get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
            assertThat(browser.await(row(h.jobId()) + "?.querySelector('.status')?.textContent === 'SUCCEEDED'", WAIT))
                    .as("the job SUCCEEDED on the page: %s", text(browser)).isTrue();
            assertThat(browser.eval(row(h.jobId()) + ".querySelector('.action').textContent").asText()).isEqualTo("create");
            assertThat(browser.await(card(RemoteCluster.A) + "?.querySelector('[data-vm=\"" + VM + "\"] .state')"
                    + "?.textContent === 'RUNNING'", WAIT)).as("the VM under host a: %s", text(browser)).isTrue();
            assertThat(browser.await("document.getElementById('events').textContent.includes('" + h.jobId()
                    + "')", WAIT)).isTrue();
            shot(browser, "web-view.png");

            // Read-only: nothing but GET (and HEAD).
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(view.url() + "api/state"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);

            // Agent b stops: OFFLINE on the page.
            assertThat(cluster.b.terminate(WAIT)).isNotEqualTo(-1);
            assertThat(browser.await(liveness(RemoteCluster.B, "OFFLINE"), WAIT))
                    .as("host b OFFLINE on the page: %s", text(browser)).isTrue();
            assertThat(browser.eval("window.loadedOnce").asText()).as("the page was never reloaded").isEqualTo("yes");
            assertThat(browser.eval(liveness(RemoteCluster.A, "ONLINE")).asBoolean()).isTrue();
            // A job for the stopped agent waits in its queue: in flight on the page, QUEUED, its bar empty.
            Orchestrator.JobHandle queued = o.submit(RemoteCluster.B, "h18w-queued-" + System.nanoTime(),
                    new org.iaasengine.libvirt.spec.HostInfoRequest(RemoteCluster.B),
                    Orchestrator.SubmitOptions.waitForNode());
            assertThat(browser.await(row(queued.jobId()) + "?.querySelector('.status')?.textContent === 'QUEUED'", WAIT))
                    .as("the queued job on the page: %s", text(browser)).isTrue();
            assertThat(browser.eval(row(queued.jobId()) + ".querySelector('.bar > span').style.width").asText())
                    .isEqualTo("0%");
            shot(browser, "web-view-offline.png");

            assertThat(o.submit(RemoteCluster.A, new DeleteRequest(RemoteCluster.A, VM, true)).answer()
                    .get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        }
    }

    private static String card(String node) {
        return "document.querySelector('.host[data-node=\"" + node + "\"]')";
    }

    private static String liveness(String node, String state) {
        return "(" + card(node) + "?.querySelector('.liveness')?.textContent === '" + state + "')";
    }

    private static String row(String jobId) {
        return "document.querySelector('#jobs tr[data-job=\"" + jobId + "\"]')";
    }

    private static String text(Chromium b) throws Exception {
        return b.eval("document.body.innerText").asText();
    }

    private static void shot(Chromium b, String name) throws Exception {
        b.screenshot(Path.of("target", name));
        String dir = System.getProperty("iaas.screenshots");
        if (dir != null && !dir.isBlank()) {
            b.screenshot(Path.of(dir, name));
        }
    }
}
