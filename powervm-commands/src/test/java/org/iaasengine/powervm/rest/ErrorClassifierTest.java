package org.iaasengine.powervm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    private static HttpErrorResponse error(int status, String uri) {
        HttpErrorResponse e = new HttpErrorResponse();
        e.httpStatus = status;
        e.requestUri = uri;
        e.reasonCode = "Unknown internal error.";
        e.message = "anything at all: the text is never read";
        return e;
    }

    @Test
    void statusCodesMapToCategories() {
        assertThat(ErrorClassifier.classify(404, null, "LogicalPartition/x")).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(ErrorClassifier.classify(412, null, "VirtualIOServer/x")).isEqualTo(FailureCategory.CONFLICT);
        assertThat(ErrorClassifier.classify(409, null, "LogicalPartition/x")).isEqualTo(FailureCategory.CONFLICT);
        assertThat(ErrorClassifier.classify(400, null, "LogicalPartition")).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(ErrorClassifier.classify(401, null, "web/Logon")).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(ErrorClassifier.classify(503, null, "LogicalPartition")).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(504, null, "LogicalPartition")).isEqualTo(FailureCategory.TIMEOUT);
    }

    @Test
    void a500OnAnObjectTheViosServesIsTransientByItsRequestUri() {
        assertThat(ErrorClassifier.classify(500, error(500, "/rest/api/uom/SharedStoragePool/3dc7"), "x"))
                .isEqualTo(FailureCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(500, error(500, "/rest/api/uom/VirtualIOServer/1/VolumeGroup/2?group=None"),
                "x")).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(500, null, "VirtualIOServer/1")).isEqualTo(FailureCategory.TRANSIENT);
    }

    @Test
    void a500ElsewhereIsInternal() {
        assertThat(ErrorClassifier.classify(500, error(500, "/rest/api/uom/LogicalPartition/1"), "x"))
                .isEqualTo(FailureCategory.INTERNAL);
    }

    @Test
    void finishedJobsAreClassifiedByStatus() {
        assertThat(ErrorClassifier.classifyJob(JobStatus.COMPLETED_WITH_ERROR)).isEqualTo(FailureCategory.INTERNAL);
        assertThat(JobStatus.values()).extracting(Enum::name).containsExactly("NOT_STARTED", "RUNNING",
                "COMPLETED_OK", "COMPLETED_WITH_WARNINGS", "COMPLETED_WITH_ERROR");
        assertThat(JobStatus.of("NOT_STARTED").isDone()).isFalse();
        assertThat(JobStatus.of(" RUNNING ").isDone()).isFalse();
        assertThat(JobStatus.of("COMPLETED_WITH_WARNINGS").isSuccess()).isTrue();
    }
}
