package org.customervault.api.customer;

/**
 * Money in the API, both ways: a decimal string with an ISO 4217 currency beside it, never a JSON
 * number (a client's binary floating point would round it before the vault saw it).
 */
public final class Money {

    /**
     * What a purchase's amount may be: no sign, no exponent, no leading zero, at most 15 digits before
     * the point (the customer's rule); the currency bounds the significant decimals.
     */
    public static final String AMOUNT = "^(0|[1-9][0-9]{0,14})(\\.[0-9]+)?$";
    public static final int MAX_AMOUNT_LENGTH = 32;
    /** What the vault answers with: the same form, of any size (a total can pass 15 digits). */
    public static final String DECIMAL = "^(0|[1-9][0-9]*)(\\.[0-9]+)?$";
    public static final String CURRENCY = "^[A-Z]{3}$";

    private Money() {
    }
}
