# Sourced by the checks that run against the packaged application (api-fuzz, client-check): starts
# the jar on a free port in a temporary data directory with three users, one per role, sharing a
# random password, and stops it and removes the directory when the calling script exits.
#
#   source "$root/infra/local/lib/packaged-vault.sh"
#   packaged_vault_start path/to/vault-api.jar      (or packaged_vault_launch, other work, packaged_vault_await)
#   ... "$vault_url" as agent, compliance or admin with "$vault_password"; log in "$vault_log"
#   packaged_vault_running || echo "the vault stopped"

vault_work=$(mktemp -d)
vault_pid=
vault_port=
vault_url=
vault_password=
vault_log=$vault_work/vault.log

packaged_vault_stop() {
  if [ -n "$vault_pid" ]; then kill "$vault_pid" 2>/dev/null || true; wait "$vault_pid" 2>/dev/null || true; fi
  rm -rf "$vault_work"
}
trap packaged_vault_stop EXIT

packaged_vault_running() {
  kill -0 "$vault_pid" 2>/dev/null
}

packaged_vault_start() {
  packaged_vault_launch "$1"
  packaged_vault_await
}

packaged_vault_launch() {
  local jar=$1
  vault_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  vault_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  vault_url=http://127.0.0.1:$vault_port

  VAULT_DATA_DIR=$vault_work/data SERVER_PORT=$vault_port \
  VAULT_SECURITY_USERS_0_NAME=agent VAULT_SECURITY_USERS_0_PASSWORD="{noop}$vault_password" VAULT_SECURITY_USERS_0_ROLES=AGENT \
  VAULT_SECURITY_USERS_1_NAME=compliance VAULT_SECURITY_USERS_1_PASSWORD="{noop}$vault_password" VAULT_SECURITY_USERS_1_ROLES=COMPLIANCE \
  VAULT_SECURITY_USERS_2_NAME=admin VAULT_SECURITY_USERS_2_PASSWORD="{noop}$vault_password" VAULT_SECURITY_USERS_2_ROLES=ADMIN \
    java -jar "$jar" > "$vault_log" 2>&1 &
  vault_pid=$!
}

packaged_vault_await() {
  for _ in $(seq 1 120); do
    if curl -fsS "$vault_url/actuator/health" > /dev/null 2>&1; then return 0; fi
    if ! packaged_vault_running; then cat "$vault_log"; echo "the vault did not start"; exit 1; fi
    sleep 1
  done
  cat "$vault_log"; echo "the vault did not answer within 120 s"; exit 1
}

# Errors the vault logged: shown, not judged, since each check decides what they mean.
# curl as one of the users; the credentials go through stdin, not the command line other users can read
packaged_vault_curl() {
  local user=$1
  shift
  printf 'user = "%s:%s"\n' "$user" "$vault_password" | curl -fsS -K - "$@"
}

packaged_vault_show_errors() {
  if grep -q "ERROR" "$vault_log"; then
    echo "== errors the vault logged during the run"
    grep -A2 "ERROR" "$vault_log" | head -40
  fi
}
