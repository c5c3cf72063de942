#!/bin/sh
# Registers (or updates) the API's Microsoft Entra app: app roles Datasets.Read,
# Aggregations.Run and Uploads.Write (users and applications), the delegated scope
# user_impersonation, Power BI and Power Query for Excel pre-authorized, identifier URIs
# api://{appId} plus https://{apiHost}, the origin Power BI asks a token for, and the
# upload page as a single-page app: redirect URI https://{apiHost}/ (MSAL.js, authorization
# code + PKCE) with the groups assigned to the app in the token's groups claim (the uploader
# registry maps a group to an agency). Then prints the client ID to put in AZURE_AD_CLIENT_ID.
#
# Usage: register-api.sh [-n display-name] [-h api-host]
#   -n  display name of the app registration (default: BacNinh KPI API)
#   -h  host name clients use, e.g. func-api-xxxx.azurewebsites.net or a custom domain
#       (default: host of SERVICE_API_URI from the environment or the azd environment)
# Needs: az signed in as an Application Administrator (or owner of an existing registration).
# Safe to run again: roles and scope keep their fixed IDs.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
manifest="$here/../entra/api-app.json"
preauthorized="$here/../entra/api-preauthorized.json"

usage() {
    echo "usage: $0 [-n display-name] [-h api-host]" >&2
    exit 2
}

name='BacNinh KPI API'
api_uri=${SERVICE_API_URI:-}
api_host=''
while getopts n:h: opt; do
    case $opt in
        n) name=$OPTARG ;;
        h) api_host=$OPTARG ;;
        *) usage ;;
    esac
done
if [ -z "$api_host" ] && [ -z "$api_uri" ] && command -v azd >/dev/null 2>&1; then
    api_uri=$(azd env get-value SERVICE_API_URI 2>/dev/null || true)
fi
[ -n "$api_host" ] || api_host=$(printf '%s' "$api_uri" | sed -e 's#^https://##' -e 's#/.*$##')
[ -n "$api_host" ] || { echo "Give the API host with -h (e.g. func-api-xxxx.azurewebsites.net)." >&2; usage; }
command -v az >/dev/null 2>&1 || { echo "The Azure CLI (az) is required." >&2; exit 1; }

app_id=$(az ad app list --display-name "$name" --query '[0].appId' -o tsv)
if [ -z "$app_id" ]; then
    app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
    echo "Created app registration '$name' ($app_id)."
fi
object_id=$(az ad app show --id "$app_id" --query id -o tsv)

umask 077
body=$(mktemp)
trap 'rm -f "$body"' EXIT
sed -e "s#{appId}#$app_id#g" -e "s#{apiHost}#$api_host#g" "$manifest" >"$body"

# Scope and roles first; pre-authorizations refer to the scope, so they follow, sent with the
# whole api object (the same scope again) so the result does not depend on how Graph merges it.
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" \
    --headers 'Content-Type=application/json' --body "@$body" --output none
az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" \
    --headers 'Content-Type=application/json' --body "@$preauthorized" --output none

az ad sp show --id "$app_id" --query id -o tsv >/dev/null 2>&1 || az ad sp create --id "$app_id" --output none

echo "API app registration ready."
echo "  AZURE_AD_CLIENT_ID=$app_id"
echo "  identifier URIs: api://$app_id https://$api_host"
echo "  upload page (SPA redirect URI): https://$api_host/"
echo "Assign each agency's Entra group to the app (Enterprise applications > Users and groups) with role Uploads.Write,"
echo "and put the group's object ID in uploaders.csv (reference container)."
echo "Next: azd env set AZURE_AD_CLIENT_ID $app_id && azd provision"
