#!/bin/sh
# Second deployment step: subscribe the IngestUpload blob trigger to BlobCreated events of
# the uploads container. Run after the code is deployed (azd runs it as the postdeploy hook):
# the webhook needs the host's blobs_extension system key, which exists only once the app
# has started with its blob trigger.
#
# Usage: subscribe-eventgrid.sh [-g resource-group] [-n function-app] [-t system-topic]
# Defaults: RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, EVENTGRID_SYSTEM_TOPIC_NAME from the
# environment (azd exports its outputs to hooks), else from `azd env get-value`.
# Safe to run again: the deployment updates the subscription in place.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

usage() {
    echo "usage: $0 [-g resource-group] [-n function-app] [-t system-topic]" >&2
    exit 2
}

from_azd() {
    if command -v azd >/dev/null 2>&1; then azd env get-value "$1" 2>/dev/null || true; fi
}

resource_group=${RESOURCE_GROUP:-}
app=${AZURE_FUNCTION_APP_NAME:-}
topic=${EVENTGRID_SYSTEM_TOPIC_NAME:-}
while getopts g:n:t: opt; do
    case $opt in
        g) resource_group=$OPTARG ;;
        n) app=$OPTARG ;;
        t) topic=$OPTARG ;;
        *) usage ;;
    esac
done
[ -n "$resource_group" ] || resource_group=$(from_azd RESOURCE_GROUP)
[ -n "$app" ] || app=$(from_azd AZURE_FUNCTION_APP_NAME)
[ -n "$topic" ] || topic=$(from_azd EVENTGRID_SYSTEM_TOPIC_NAME)
if [ -z "$resource_group" ] || [ -z "$app" ] || [ -z "$topic" ]; then
    echo "Resource group, function app and system topic are required." >&2
    usage
fi
command -v az >/dev/null 2>&1 || { echo "The Azure CLI (az) is required." >&2; exit 1; }

host=$(az functionapp show -g "$resource_group" -n "$app" --query properties.defaultHostName -o tsv)

# The host writes its system keys on first start; the anonymous health route wakes it.
key=''
attempt=1
while [ "$attempt" -le 20 ]; do
    key=$(az functionapp keys list -g "$resource_group" -n "$app" --query systemKeys.blobs_extension -o tsv 2>/dev/null || true)
    [ -n "$key" ] && break
    echo "Waiting for the blobs_extension key of $app ($attempt/20)..."
    curl -fsS -o /dev/null --max-time 30 "https://$host/api/health" || true
    sleep 15
    attempt=$((attempt + 1))
done
if [ -z "$key" ]; then
    echo "No blobs_extension key: is the code deployed, with the IngestUpload blob trigger (Source = EventGrid)?" >&2
    exit 1
fi

# The key goes through a private parameters file, not the command line.
umask 077
parameters=$(mktemp)
trap 'rm -f "$parameters"' EXIT
cat >"$parameters" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "systemTopicName": { "value": "$topic" },
    "functionAppName": { "value": "$app" },
    "blobsExtensionKey": { "value": "$key" }
  }
}
JSON

az deployment group create \
    --resource-group "$resource_group" \
    --name eventgrid-uploads \
    --template-file "$here/../eventgrid.bicep" \
    --parameters "@$parameters" \
    --only-show-errors --output none

echo "Event Grid: BlobCreated in uploads/ now triggers IngestUpload on $app."
