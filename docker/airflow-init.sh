#!/bin/sh
# One-shot init of the Airflow side: migrate the metadata DB, then create the admin user of
# SimpleAuthManager by writing its password file (a volume only the api-server reads),
# from AIRFLOW_ADMIN_USER / AIRFLOW_ADMIN_PASSWORD in the environment.
set -eu
airflow db migrate
python - <<'PY'
import json, os
path = os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
os.makedirs(os.path.dirname(path), exist_ok=True)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as fh:
    json.dump({os.environ["AIRFLOW_ADMIN_USER"]: os.environ["AIRFLOW_ADMIN_PASSWORD"]}, fh)
print(f"admin user {os.environ['AIRFLOW_ADMIN_USER']} written to {path}")
PY
