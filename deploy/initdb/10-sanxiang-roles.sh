#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (/docker-entrypoint-initdb.d):
# creates the two roles of a Sanxiang database and the database itself.
#
# - sanxiang_owner owns the database and its schema; only `sanxiang migrate` connects as it.
# - sanxiang_app is what the server connects as: it owns nothing, so it can neither turn the
#   append-only triggers off (ALTER TABLE … DISABLE TRIGGER) nor skip them
#   (SET session_replication_role = replica); `sanxiang migrate` grants it the rest.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$SANXIANG_OWNER_PASSWORD" \
    -v app_password="$SANXIANG_APP_PASSWORD" <<'SQL'
CREATE ROLE sanxiang_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE sanxiang_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE sanxiang OWNER sanxiang_owner;
REVOKE ALL ON DATABASE sanxiang FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE sanxiang TO sanxiang_app;
\connect sanxiang
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
