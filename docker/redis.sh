#!/bin/sh
# Start Redis with its password from the environment, through a config read on stdin, so
# the password is never on a command line (`ps` inside the container shows none).
set -eu
exec redis-server - --save "" --appendonly no <<CONF
requirepass $REDIS_PASSWORD
CONF
