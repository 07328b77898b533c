package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One {@code <JobParameter>}: a name and a value, in a job's parameters or results.
 *
 * <pre>{@code
 * new JobParameter("operation", "osshutdown");
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "name", "value"})
public class JobParameter {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public WebMetadata metadata = new WebMetadata();
    @XmlElement(name = "ParameterName")
    public String name;
    @XmlElement(name = "ParameterValue")
    public String value;

    public JobParameter() {
    }

    public JobParameter(String name, String value) {
        this.name = name;
        this.value = value;
    }
}
