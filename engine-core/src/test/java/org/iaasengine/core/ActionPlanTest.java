package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActionPlanTest {

    @Test
    void buildingAPlanHasNoSideEffectAndCanBeInspected() {
        AtomicInteger executions = new AtomicInteger();
        Key<String> disk = Key.of("disk", String.class);
        Command<String> copy = Command.named("CopyTemplate", ctx -> {
            executions.incrementAndGet();
            return "/disk";
        });
        Action<String> a = Action.<String>builder("create", "vm:web1")
                .request(new Req("web1", 512))
                .step(disk, copy)
                .step(Command.named("CreateVm", ctx -> "dom"))
                .timeout(Duration.ofMinutes(5))
                .resultFrom(disk)
                .build();
        assertThat(executions.get()).isZero();
        assertThat(a.name()).isEqualTo("create");
        assertThat(a.resourceKey()).isEqualTo("vm:web1");
        assertThat(a.steps()).extracting(Step::name).containsExactly("CopyTemplate", "CreateVm");
        assertThat(a.request()).contains(new Req("web1", 512));
        assertThat(a.timeout()).contains(Duration.ofMinutes(5));
        assertThat(a.indexOf(disk)).isZero();
        assertThat(a.toString()).contains("create[vm:web1]").contains("CopyTemplate");
    }

    record Req(String name, int memoryMiB) {
    }

    @Test
    void aPlanWithoutStepsIsRejectedNamingTheAction() {
        assertThatThrownBy(() -> Action.builder("create", "vm:web1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("action 'create' on vm:web1 has no steps");
    }

    @Test
    void aKeyProducedByTwoStepsIsRejected() {
        Key<String> k = Key.of("disk", String.class);
        assertThatThrownBy(() -> Action.builder("create", "vm:a").step(k, ctx -> "a").step(k, ctx -> "b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 'disk' is the result of two steps");
    }

    @Test
    void aRedoFromAStepNotInThePlanIsRejected() {
        Key<String> elsewhere = Key.of("migrated", String.class);
        assertThatThrownBy(() -> Action.builder("migrate", "vm:a").step(ctx -> "x")
                .verify(Verification.that("gone", ctx -> true).redoFrom(elsewhere, 2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redoes from key 'migrated'");
    }

    @Test
    void blankNamesAndBadDeadlinesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> Action.builder(" ", "vm:a")).hasMessageContaining("action name must not be blank");
        assertThatThrownBy(() -> Action.builder("x", "")).hasMessageContaining("resource key of action 'x'");
        assertThatThrownBy(() -> Action.builder("x", "vm:a").timeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Step.of(ctx -> 1).withTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Verification.that("v", ctx -> true).redoFrom(Key.of("k", String.class), 0))
                .hasMessageContaining("was 0");
    }

    @Test
    void retryPoliciesAreValidatedValues() {
        assertThatThrownBy(() -> Retry.builder().maxAttempts(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> Retry.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("PT1S").hasMessageContaining("PT2S");
        assertThatThrownBy(() -> Retry.builder().jitter(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Retry.builder().maxDuration(Duration.ofMillis(50)).build())
                .hasMessageContaining("maxDuration PT0.05S must be greater than the initial delay PT0.1S");
        Retry r = Retry.builder().maxAttempts(4).retryOn(FailureCategory.TRANSIENT, FailureCategory.TIMEOUT).build();
        assertThat(r.isRetryable(FailureCategory.TIMEOUT)).isTrue();
        assertThat(r.isRetryable(FailureCategory.NOT_FOUND)).isFalse();
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(Retry.none().retries()).isFalse();
    }

    @Test
    void failuresAreClassifiedByTypeNotByText() {
        assertThat(FailureCategory.of(new CommandException(FailureCategory.CONFLICT, "timeout in text")))
                .isEqualTo(FailureCategory.CONFLICT);
        assertThat(FailureCategory.of(new java.util.concurrent.CompletionException(
                new CommandException(FailureCategory.NOT_FOUND, "x")))).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(FailureCategory.of(new InterruptedException())).isEqualTo(FailureCategory.CANCELLED);
        assertThat(FailureCategory.of(new java.util.concurrent.TimeoutException())).isEqualTo(FailureCategory.TIMEOUT);
        // A plain IllegalArgumentException is a bug (INTERNAL); a refused caller value says so.
        assertThat(FailureCategory.of(new IllegalArgumentException("bad"))).isEqualTo(FailureCategory.INTERNAL);
        assertThat(FailureCategory.of(new InvalidInputException("bad"))).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThatThrownBy(() -> InvalidInputException.check(false, "memory '%s' is negative", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("memory '-1' is negative")
                .satisfies(e -> assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.INVALID_INPUT));
        // I/O failures by kind: a missing file is not retried.
        assertThat(FailureCategory.of(new java.io.IOException("reset"))).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(FailureCategory.of(new java.net.ConnectException("refused"))).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(FailureCategory.of(new java.nio.file.NoSuchFileException("/t/base.qcow2")))
                .isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(FailureCategory.of(new java.io.FileNotFoundException("/t/base.qcow2")))
                .isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(FailureCategory.of(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/x"))))
                .isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(FailureCategory.of(new java.nio.file.FileAlreadyExistsException("/s/a.qcow2")))
                .isEqualTo(FailureCategory.CONFLICT);
        assertThat(FailureCategory.of(new java.nio.file.AccessDeniedException("/s"))).isEqualTo(FailureCategory.INTERNAL);
        assertThat(FailureCategory.of(new IllegalStateException("transient"))).isEqualTo(FailureCategory.INTERNAL);
    }

    @Test
    void lambdaCommandsGetAReadableNameAndNamedKeepsTheRevert() throws Exception {
        Command<String> lambda = ctx -> "x";
        assertThat(lambda.name()).isEqualTo("command");
        StringBuilder reverted = new StringBuilder();
        Command<String> inner = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "v";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                reverted.append(result);
            }
        };
        Command<String> named = Command.named("Copy", inner);
        assertThat(named.name()).isEqualTo("Copy");
        named.revert(null, "v");
        assertThat(reverted).hasToString("v");
    }
}
