package org.iaasengine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Step;
import org.iaasengine.model.ResourceKey;
import org.junit.jupiter.api.Test;

class RequestCodecTest {

    enum Mode { FAST, SLOW }

    record Disk(String name, int sizeGb) {
    }

    record Boot(String host, String vm, UUID uuid, long memoryMiB, Mode mode, Duration grace, Disk disk, String note)
            implements ActionRequest {
        Boot {
            if (memoryMiB <= 0) {
                throw new IllegalArgumentException("memory must be positive, was " + memoryMiB + " MiB");
            }
        }

        @Override
        public String action() {
            return "boot";
        }

        @Override
        public ResourceKey resource() {
            return ResourceKey.vm(vm);
        }
    }

    record Stats(String host) implements ActionRequest {
        @Override
        public String action() {
            return "stats";
        }

        @Override
        public ResourceKey resource() {
            return ResourceKey.host(host);
        }
    }

    private static final ActionRegistry<String> REGISTRY = ActionRegistry.<String>builder()
            .register("boot", Boot.class, (prefix, r) -> Action.builder("boot", r.resource().toString()).request(r)
                    .step(Command.named(prefix + "Find", ctx -> r.vm()))
                    .step(Command.named(prefix + "Boot", ctx -> r.memoryMiB())).build())
            .register("stats", Stats.class, (prefix, r) -> Action.builder("stats", r.resource().toString()).request(r)
                    .step(Command.named(prefix + "Read", ctx -> 1)).build())
            .build();
    private static final RequestCodec CODEC = REGISTRY.codec();

    private static final Boot BOOT = new Boot("host-a", "web1", UUID.fromString("6f1c7c5e-1a56-4d0e-8a43-4b2e0c1b2a11"),
            512, Mode.FAST, Duration.ofSeconds(90), new Disk("root", 20), null);

    @Test
    void aRequestIsWrittenInItsEnvelopeWithEveryFieldInOrder() {
        assertThat(CODEC.toJson(BOOT)).isEqualTo("{\"schema\":1,\"action\":\"boot\",\"request\":{\"host\":\"host-a\","
                + "\"vm\":\"web1\",\"uuid\":\"6f1c7c5e-1a56-4d0e-8a43-4b2e0c1b2a11\",\"memoryMiB\":512,\"mode\":\"FAST\","
                + "\"grace\":\"PT1M30S\",\"disk\":{\"name\":\"root\",\"sizeGb\":20},\"note\":null}}");
    }

    @Test
    void aRequestReadBackEqualsTheOriginalAndPlansTheSameSteps() {
        ActionRequest back = CODEC.fromJson(CODEC.toJson(BOOT));
        assertThat(back).isEqualTo(BOOT);
        Action<?> plan = REGISTRY.plan("x", CODEC.toJson(BOOT));
        assertThat(plan.name()).isEqualTo("boot");
        assertThat(plan.resourceKey()).isEqualTo("vm:web1");
        assertThat(plan.steps()).extracting(Step::name).containsExactly("xFind", "xBoot");
        assertThat(plan.request()).contains(BOOT);
        assertThat(REGISTRY.actions()).containsExactly("boot", "stats");
        assertThat(REGISTRY.requestType("stats")).isEqualTo(Stats.class);
    }

    @Test
    void anUnknownSchemaVersionIsRefusedNamingIt() {
        assertThatThrownBy(() -> CODEC.fromJson("{\"schema\":2,\"action\":\"stats\",\"request\":{\"host\":\"a\"}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown request schema version 2: this library reads schema 1");
        assertThatThrownBy(() -> CODEC.fromJson("{\"action\":\"stats\",\"request\":{\"host\":\"a\"}}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no integer 'schema'");
    }

    @Test
    void anUnknownActionIsRefusedNamingIt() {
        assertThatThrownBy(() -> CODEC.fromJson("{\"schema\":1,\"action\":\"explode\",\"request\":{}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown action 'explode' (known: boot, stats)")
                .satisfies(e -> assertThat(((InvalidRequestException) e).category())
                        .isEqualTo(FailureCategory.INVALID_INPUT));
        record Other(String host) implements ActionRequest {
            public String action() {
                return "other";
            }

            public ResourceKey resource() {
                return ResourceKey.host(host);
            }
        }
        assertThatThrownBy(() -> CODEC.toJson(new Other("a"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown action 'other'");
        assertThatThrownBy(() -> REGISTRY.plan("x", new Other("a"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown action 'other'");
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        String good = CODEC.toJson(BOOT);
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"note\":null", "\"note\":null,\"colour\":\"red\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request of action 'boot': unknown field 'colour'");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"memoryMiB\":512", "\"memoryMiB\":\"512\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'boot': field 'memoryMiB': ");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"mode\":\"FAST\"", "\"mode\":\"WARP\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'boot': field 'mode': ");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"PT1M30S\"", "\"90 seconds\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'boot': field 'grace': ")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"sizeGb\":20", "\"sizeGb\":\"big\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'boot': field 'disk.sizeGb': ");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"uuid\":\"6f1c7c5e-1a56-4d0e-8a43-4b2e0c1b2a11\",", "")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request of action 'boot': field 'uuid' is missing");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"memoryMiB\":512", "\"memoryMiB\":-1")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request of action 'boot' refused: memory must be positive, was -1 MiB");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"memoryMiB\":512", "\"memoryMiB\":null")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'boot': field 'memoryMiB': ");
        assertThatThrownBy(() -> CODEC.fromJson(good.replace("\"schema\":1,", "\"schema\":1,\"priority\":9,")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request envelope has an unknown field 'priority' (known: schema, action, request)");
        assertThatThrownBy(() -> CODEC.fromJson("not json")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request is not JSON");
    }

    @Test
    void aRegistryRefusesAnActionOrRequestTypeRegisteredTwice() {
        assertThatThrownBy(() -> ActionRegistry.<String>builder().register("stats", Stats.class, (c, r) -> null)
                .register("stats", Boot.class, (c, r) -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("action 'stats' is registered twice");
        assertThatThrownBy(() -> ActionRegistry.<String>builder().register("stats", Stats.class, (c, r) -> null)
                .register("stats2", Stats.class, (c, r) -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request type Stats is registered for two actions");
    }

    @Test
    void theCodecIsBuiltFromATypeMap() {
        RequestCodec c = RequestCodec.of(Map.of("stats", Stats.class));
        assertThat(c.fromJson(c.toJson(new Stats("h")))).isEqualTo(new Stats("h"));
        assertThat(c.toJson(new Stats("h"))).isEqualTo("{\"schema\":1,\"action\":\"stats\",\"request\":{\"host\":\"h\"}}");
    }
}
