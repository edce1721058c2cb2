#!/bin/sh
# One-shot: finish Metabase's first-run setup through its API, with the warehouse added
# as a data source through the read-only BI role (schema bi: the views only). Does nothing once Metabase is set up.
set -eu
MB=http://metabase:3000
until curl -fsS "$MB/api/health" >/dev/null 2>&1; do sleep 3; done
token=$(curl -fsS "$MB/api/session/properties" | sed -n 's/.*"setup-token":"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "Metabase is already set up"; exit 0
fi
curl -fsS -X POST "$MB/api/setup" -H 'Content-Type: application/json' -d @- <<JSON
{
  "token": "$token",
  "user": {"email": "$MB_ADMIN_EMAIL", "password": "$MB_ADMIN_PASSWORD", "first_name": "govwork", "last_name": "admin", "site_name": "govwork"},
  "prefs": {"site_name": "govwork", "allow_tracking": false},
  "database": {"engine": "postgres", "name": "govwork warehouse",
    "details": {"host": "warehouse-db", "port": 5432, "dbname": "$WAREHOUSE_DB_NAME",
                "user": "$WAREHOUSE_BI_USER", "password": "$WAREHOUSE_BI_PASSWORD", "ssl": false,
                "schema-filters-type": "inclusion", "schema-filters-patterns": "bi"}}
}
JSON
echo "Metabase set up with the warehouse as user $WAREHOUSE_BI_USER"
