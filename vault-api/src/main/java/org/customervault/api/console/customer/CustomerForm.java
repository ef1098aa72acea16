package org.customervault.api.console.customer;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.customervault.api.customer.CustomerResponse;
import org.customervault.api.customer.RegisterCustomerRequest;
import org.customervault.api.problem.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The register and edit forms' fields as typed: an empty input is no value. Their rules are the API's,
 * applied where the API applies them; the form only carries the text.
 */
public class CustomerForm {

    private String fullName = "";
    private String email = "";
    private String phone = "";
    private String nationalId = "";
    private String birthDate = "";
    /** The ETag of the version the edit form showed, sent as If-Match: an edit never overwrites a change it did not see. */
    private String version = "";

    static CustomerForm of(CustomerResponse customer, String version) {
        CustomerForm form = new CustomerForm();
        form.fullName = text(customer.fullName());
        form.email = text(customer.email());
        form.phone = text(customer.phone());
        form.nationalId = text(customer.nationalId());
        form.birthDate = text(customer.birthDate());
        form.version = text(version);
        return form;
    }

    RegisterCustomerRequest toRegistration() {
        return new RegisterCustomerRequest(value(fullName), value(email), value(phone), value(nationalId),
                date(birthDate), null, null);
    }

    /**
     * A JSON merge patch of the fields that differ from what the customer has now: a changed input sets the value,
     * an emptied one removes it. The fields the caller sees masked are not on the form and never in the patch.
     */
    ObjectNode toMergePatch(JsonMapper json, CustomerResponse current, boolean seesAll) {
        ObjectNode patch = json.createObjectNode();
        put(patch, "fullName", fullName, current.fullName());
        put(patch, "email", email, current.email());
        put(patch, "phone", phone, current.phone());
        if (seesAll) {
            put(patch, "nationalId", nationalId, current.nationalId());
            if (!text(birthDate).equals(text(current.birthDate()))) {
                LocalDate date = date(birthDate);
                if (date == null) {
                    patch.putNull("birthDate");
                } else {
                    patch.put("birthDate", date.toString());
                }
            }
        }
        return patch;
    }

    private static void put(ObjectNode patch, String field, String submitted, String current) {
        String now = value(submitted);
        if (now == null ? current == null : now.equals(current)) {
            return;
        }
        if (now == null) {
            patch.putNull(field);
        } else {
            patch.put(field, now);
        }
    }

    private static LocalDate date(String text) {
        String date = value(text);
        if (date == null) {
            return null;
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException malformed) {
            throw new InvalidRequestException("birthDate", "must be a date such as 1980-01-31");
        }
    }

    private static String value(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    public String getFullName() {
        return fullName;
    }

    public void setFullName(String fullName) {
        this.fullName = fullName;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        this.phone = phone;
    }

    public String getNationalId() {
        return nationalId;
    }

    public void setNationalId(String nationalId) {
        this.nationalId = nationalId;
    }

    public String getBirthDate() {
        return birthDate;
    }

    public void setBirthDate(String birthDate) {
        this.birthDate = birthDate;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }
}
