package org.customervault.infra.keys;

import static org.customervault.infra.keys.OpenBaoErrors.requireSuccess;
import static org.customervault.infra.keys.OpenBaoErrors.unavailable;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.util.List;
import java.util.Optional;

/** Reads and lists of OpenBao's KV engine, where "nothing there" (404) is an answer, not a failure. */
final class OpenBaoKv {

    private static final int NOT_FOUND = 404;

    private OpenBaoKv() {
    }

    /** The names under {@code path}; none when nothing was ever written there. */
    static List<String> list(Logical logical, String path) {
        try {
            LogicalResponse response = logical.list(path);
            int status = response.getRestResponse().getStatus();
            if (status == NOT_FOUND) {
                return List.of();
            }
            requireSuccess(status);
            return response.getListData();
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == NOT_FOUND) {
                return List.of();
            }
            throw unavailable(e);
        }
    }

    /** The answer to a read of {@code path} (of one version; {@code null}: the newest), empty when there is none. */
    static Optional<LogicalResponse> read(Logical logical, String path, Integer version) {
        try {
            LogicalResponse response = version == null ? logical.read(path) : logical.read(path, true, version);
            int status = response.getRestResponse().getStatus();
            if (status == NOT_FOUND) {
                return Optional.empty();
            }
            requireSuccess(status);
            return Optional.of(response);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }
}
