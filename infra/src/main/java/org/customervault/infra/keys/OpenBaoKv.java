package org.customervault.infra.keys;

import static org.customervault.infra.keys.OpenBaoErrors.requireSuccess;
import static org.customervault.infra.keys.OpenBaoErrors.unavailable;

import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
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

    /**
     * A read of a secret's newest version: its {@code data} member (the secret and its metadata), or none;
     * when none because that version was deleted or destroyed, {@code deletedVersion} names it (else 0),
     * and {@code destroyed} says which.
     */
    record Read(Optional<JsonObject> data, long deletedVersion, boolean destroyed) {

        private static final Read NONE = new Read(Optional.empty(), 0, false);
    }

    static Read readNewest(Logical logical, String path) {
        try {
            LogicalResponse response = logical.read(path);
            int status = response.getRestResponse().getStatus();
            if (status == NOT_FOUND) {
                return deleted(response);
            }
            requireSuccess(status);
            return new Read(Optional.of(data(response)), 0, false);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == NOT_FOUND) {
                return Read.NONE;
            }
            throw unavailable(e);
        }
    }

    private static JsonObject data(LogicalResponse response) {
        return Json.parse(new String(response.getRestResponse().getBody(), StandardCharsets.UTF_8)).asObject()
                .get("data").asObject();
    }

    /** A 404 of a deleted version still carries its metadata; one of a secret never written does not. */
    private static Read deleted(LogicalResponse response) {
        try {
            JsonValue data = Json.parse(new String(response.getRestResponse().getBody(), StandardCharsets.UTF_8))
                    .asObject().get("data");
            JsonValue metadata = data == null || !data.isObject() ? null : data.asObject().get("metadata");
            if (metadata == null || !metadata.isObject()) {
                return Read.NONE;
            }
            JsonObject kept = metadata.asObject();
            JsonValue deletedAt = kept.get("deletion_time");
            boolean destroyed = kept.getBoolean("destroyed", false);
            boolean deleted = destroyed || deletedAt != null && deletedAt.isString() && !deletedAt.asString().isEmpty();
            return deleted ? new Read(Optional.empty(), kept.getLong("version", 0), destroyed) : Read.NONE;
        } catch (RuntimeException unreadable) {
            return Read.NONE;
        }
    }
}
