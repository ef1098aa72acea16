package org.customervault.api.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a console POST handler whose form carries a one-time {@link #FIELD} (a hidden input the page got when it was
 * rendered): the console's counterpart of the API's {@code Idempotency-Key}, kept in the same store. The same form
 * sent twice (a double click, a reload that posts again) acts once; the second gets the first's redirect. A post
 * without the field is refused and acts not at all, so a form that forgot it is found at once, not at the first double
 * click.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OneTimeForm {

    /** The hidden input's name. */
    String FIELD = "formToken";
}
