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
 * A job request: the template the server hands out at {@code GET .../do/<Operation>}, filled with
 * {@link JobParameter parameters} and sent back with PUT.
 *
 * <pre>{@code
 * JobRequest req = client.jobTemplate(lparPath, "PowerOff");
 * req.parameter("operation", "shutdown").parameter("immediate", "true");
 * }</pre>
 */
@XmlRootElement(name = "JobRequest")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "operation", "parameters"})
public class JobRequest {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "RequestedOperation")
    public RequestedOperation operation = new RequestedOperation();
    @XmlElement(name = "JobParameters")
    public Parameters parameters = new Parameters();

    /** {@code <RequestedOperation>}: the operation and the object group it applies to. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "operationName", "groupName"})
    public static class RequestedOperation {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public WebMetadata metadata = new WebMetadata();
        @XmlElement(name = "OperationName")
        public String operationName;
        @XmlElement(name = "GroupName")
        public String groupName;
    }

    /** {@code <JobParameters>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "JobParameters", propOrder = {"metadata", "parameters"})
    public static class Parameters {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public WebMetadata metadata = new WebMetadata();
        @XmlElement(name = "JobParameter")
        public List<JobParameter> parameters = new ArrayList<>();
    }

    /** A template for {@code operation} on objects of {@code group}. */
    public static JobRequest template(String operation, String group) {
        JobRequest r = new JobRequest();
        r.operation.operationName = operation;
        r.operation.groupName = group;
        return r;
    }

    /** Adds a parameter; returns this request. */
    public JobRequest parameter(String name, String value) {
        parameters.parameters.add(new JobParameter(name, value));
        return this;
    }

    /** The value of a parameter, if present. */
    public Optional<String> parameter(String name) {
        return parameters.parameters.stream().filter(p -> name.equals(p.name)).map(p -> p.value).findFirst();
    }

}
