#!/bin/sh
# Preflight of docker-compose.yml: refuse to deploy while a secret is unset, empty or still
# the "change-me" placeholder of .env.example. The secrets come in as environment variables
# (never arguments); their names are listed in PREFLIGHT_NAMES. Exit 1 names each one.
set -u
bad=0
for name in $PREFLIGHT_NAMES; do
  eval "value=\${$name-}"
  if [ -z "$value" ] || [ "$value" = "change-me" ]; then
    echo "refusing to start: $name is unset or still change-me (edit .env)" >&2
    bad=1
  fi
done
[ "$bad" -eq 0 ] && echo "secrets set"
exit "$bad"
