package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of a job, as {@code PUT .../do/<Operation>} and {@code GET /rest/api/uom/jobs/<id>}
 * return it: id, status, progress and results.
 *
 * <pre>{@code
 * JobResponse r = ...;
 * if (JobStatus.of(r.status).isDone()) { String rc = r.result("returnCode").orElse(""); }
 * }</pre>
 */
@XmlRootElement(name = "JobResponse")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "requestUrl", "targetUuid", "jobId", "timeStarted", "timeCompleted", "status",
        "request", "progress", "results"})
public class JobResponse {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "RequestURL")
    public RequestUrl requestUrl;
    @XmlElement(name = "TargetUuid")
    public String targetUuid;
    @XmlElement(name = "JobID")
    public String jobId;
    @XmlElement(name = "TimeStarted")
    public Long timeStarted;
    @XmlElement(name = "TimeCompleted")
    public Long timeCompleted;
    @XmlElement(name = "Status")
    public String status;
    @XmlElement(name = "JobRequestInstance")
    public JobRequest request;
    @XmlElement(name = "Progress")
    public Progress progress;
    @XmlElement(name = "Results")
    public Results results = new Results();

    /** {@code <RequestURL href="LogicalPartition/<uuid>/do/PowerOff" rel="via"/>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class RequestUrl {
        @XmlAttribute
        public String href;
        @XmlAttribute
        public String rel = "via";
    }

    /** {@code <Progress>} with its linear fraction when the job reports one. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "linearProgress"})
    public static class Progress {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public WebMetadata metadata = new WebMetadata();
        @XmlElement(name = "LinearProgress")
        public Double linearProgress;
    }

    /** {@code <Results>}: result parameters such as {@code returnCode} and {@code result}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "parameters"})
    public static class Results {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public WebMetadata metadata = new WebMetadata();
        @XmlElement(name = "JobParameter")
        public List<JobParameter> parameters = new ArrayList<>();
    }

    /** The value of a result parameter, if present. */
    public Optional<String> result(String name) {
        return results == null ? Optional.empty()
                : results.parameters.stream().filter(p -> name.equals(p.name)).map(p -> p.value).findFirst();
    }

    /** Adds a result parameter (used by the simulator). */
    public JobResponse addResult(String name, String value) {
        results.parameters.add(new JobParameter(name, value));
        return this;
    }
}
