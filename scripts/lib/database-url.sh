# shellcheck shell=bash
# The database a Confab server uses, from CONFAB_DATABASE__URL in its
# environment file (scripts/backup, scripts/restore). Sourced, not run.
#
#   database_name    its name (the URL's path; "confab" when there is no URL)
#   database_owner   the role it logs in as (the URL's user; "confab" likewise)

CONFAB_ENV_FILE=${CONFAB_ENV_FILE:-/etc/confab/confab.env}

_database_url() {
    local url=""
    if [[ -r $CONFAB_ENV_FILE ]]; then
        url=$(sed -n 's/^[[:space:]]*CONFAB_DATABASE__URL[[:space:]]*=[[:space:]]*//p' "$CONFAB_ENV_FILE" | tail -n 1)
        url=${url%\"}; url=${url#\"}; url=${url%\'}; url=${url#\'}
    fi
    echo "$url"
}

# postgres://user:password@host:port/name?options
database_name() {
    local url rest name
    url=$(_database_url)
    rest=${url#*://}
    name=""
    [[ $rest == */* ]] && name=${rest#*/}
    name=${name%%\?*}
    echo "${name:-confab}"
}

database_owner() {
    local url rest user=""
    url=$(_database_url)
    rest=${url#*://}
    rest=${rest%%/*}
    if [[ $rest == *@* ]]; then
        user=${rest%@*}
        user=${user%%:*}
    fi
    echo "${user:-confab}"
}
