package org.customervault.domain.customer;

/**
 * A merge patch of a postal address: each member is left alone ({@code null}), removed
 * ({@link FieldUpdate#clear()}) or set. It is applied to the address the aggregate holds, not to a
 * copy read elsewhere, so two patches of different members of one address both take effect.
 */
public record PostalAddressPatch(FieldUpdate<String> line1, FieldUpdate<String> line2, FieldUpdate<String> city,
                                 FieldUpdate<String> region, FieldUpdate<String> postalCode,
                                 FieldUpdate<String> country) {

    /** The address after the patch; a patch of no address starts from an empty one (RFC 7386). */
    public PostalAddress applyTo(PostalAddress current) {
        PostalAddress base = current == null ? new PostalAddress(null, null, null, null, null, null) : current;
        return new PostalAddress(FieldUpdate.applied(line1, base.line1()), FieldUpdate.applied(line2, base.line2()),
                FieldUpdate.applied(city, base.city()), FieldUpdate.applied(region, base.region()),
                FieldUpdate.applied(postalCode, base.postalCode()), FieldUpdate.applied(country, base.country()));
    }
}
