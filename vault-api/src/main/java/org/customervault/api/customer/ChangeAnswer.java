package org.customervault.api.customer;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a write that answers with the customer's view sends with 202: the view as it is, or, when the read
 * models have not written the customer yet (a rebuild of the read models has not reached them), what was
 * stored.
 */
@Schema(name = "ChangeAnswer", oneOf = {CustomerResponse.class, ChangeStoredResponse.class})
public sealed interface ChangeAnswer permits CustomerResponse, ChangeStoredResponse {
}
