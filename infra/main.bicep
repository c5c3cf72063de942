// BacNinh.Serverless on Azure: one resource group with the Functions API on Flex Consumption,
// its storage account, Event Grid system topic, monitoring, alerts and agencies' access.
// The BlobCreated subscription (eventgrid.bicep) and the Entra app registration
// (scripts/register-api.sh) are later steps; see README.md.

targetScope = 'subscription'

import { agencyUpload } from 'types.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd env name); seeds resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region of every resource; Flex Consumption must be offered there, e.g. southeastasia or eastasia.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; rg-{environmentName} when empty.')
param resourceGroupName string = ''

@description('''Agencies that may upload, each under uploads/{folder}/ only, reading its reports under upload-reports/{folder}/. Example:
[
  { "principalId": "00000000-0000-0000-0000-000000000001", "folder": "so-tttt" },
  { "principalId": "00000000-0000-0000-0000-000000000002", "principalType": "Group", "folder": "tp-bac-ninh" }
]''')
param allowedAgencies agencyUpload[] = []

@minLength(3)
@description('Email address that receives the poison-upload and failed-aggregation alerts.')
param alertEmail string

@description('Entra sign-in authority for Microsoft.Identity.Web (AzureAd__Instance).')
param azureAdInstance string = environment().authentication.loginEndpoint

@description('Tenant that issues the API\'s tokens (AzureAd__TenantId).')
param azureAdTenantId string = tenant().tenantId

@description('Application (client) ID of the API app registration, printed by scripts/register-api.sh; empty on the first deployment.')
param azureAdClientId string = ''

@description('Accepted token audience (AzureAd__Audience); the client ID when empty (v2 tokens carry it).')
param azureAdAudience string = ''

@description('NCRONTAB in UTC of the nightly aggregation: 18:00 UTC is 01:00 in Vietnam (UTC+7).')
param aggregationSchedule string = '0 0 18 * * *'

@description('''NCRONTAB in UTC of the bulletin timer. NCRONTAB has no "last day of month", and the 1st in Vietnam
starts at 17:00 UTC on the previous month's last day, so the timer fires at 19:00 UTC on days 28-31
(02:00 Vietnam, after the nightly aggregation) and the function runs only when the Vietnam date is the 1st.''')
param bulletinSchedule string = '0 0 19 28-31 * *'

@description('NCRONTAB in UTC of ReconcileUploads, the sweep that processes any upload Event Grid did not deliver: every 10 minutes.')
param reconcileSchedule string = '0 */10 * * * *'

@description('A month marked pending for longer than this (TimeSpan, hh:mm:ss) is asked for again by the sweep (Reconciliation:StalePendingAfter).')
param reconcileStalePendingAfter string = '00:02:00'

@description('Storage redundancy.')
param storageSkuName string = 'Standard_GRS'

@description('Lock the storage account against deletion.')
param protectStorageAccount bool = true

@description('Most instances the API scales out to.')
param maximumInstanceCount int = 40

@description('Instances of the API kept started for its HTTP functions: the first request of a day does not pay a new instance\'s start.')
param alwaysReadyHttpInstances int = 1

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names are computed here, not read from module outputs, so what-if can predict every resource.
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var uploadsContainerName = 'uploads'
var reportsContainerName = 'upload-reports'
var systemTopicName = '${abbrs.eventGridSystemTopics}${resourceToken}'
// Events Event Grid could not deliver (eventgrid.bicep); not used by the app.
var deadLetterContainerName = 'eventgrid-deadletter'

// The names the app uses (BacNinh.Storage.StorageNames); the infra tests check they stay equal.
var appContainers = [
  uploadsContainerName
  reportsContainerName
  'bulletins'
  'reference'
  'aggregation-locks'
  'dataset-bodies'
  'dossier-ids'
]
var appTables = [
  'UnitValues'
  'UnitValueHistory'
  'Uploads'
  'Observations'
  'TierAggregates'
  'GroupAggregates'
  'MissingReports'
  'Bulletins'
  'ComparableObservations'
  'PendingPeriods'
  'UploadAttempts'
  'UploadIndex'
  'MonthVersions'
  'ReportingTimeliness'
  'DossierRecords'
  'DossierFigures'
  'ReportDiscrepancies'
]
var appQueues = [
  'aggregation-requests'
]

// Kept dataset bodies and OData pages are written again whenever a month is recomputed, and the
// dossier id summaries whenever a month's dossiers are recounted; with versioning on for agencies'
// files, the replaced versions would pile up. Pages are keyed by the
// computations they serve, so old ones are never read again. Nothing else expires.
var lifecycleRules = [
  {
    name: 'dataset-bodies-replaced-versions'
    enabled: true
    type: 'Lifecycle'
    definition: {
      filters: {
        blobTypes: ['blockBlob']
        prefixMatch: ['dataset-bodies/', 'dossier-ids/']
      }
      actions: {
        version: {
          delete: {
            daysAfterCreationGreaterThan: 1
          }
        }
      }
    }
  }
  {
    name: 'dataset-bodies-old-odata-pages'
    enabled: true
    type: 'Lifecycle'
    definition: {
      filters: {
        blobTypes: ['blockBlob']
        prefixMatch: ['dataset-bodies/odata-pages/']
      }
      actions: {
        baseBlob: {
          delete: {
            daysAfterModificationGreaterThan: 2
          }
        }
      }
    }
  }
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSkuName
    containers: concat(appContainers, [deploymentContainerName, deadLetterContainerName])
    tables: appTables
    queues: appQueues
    protectFromDeletion: protectStorageAccount
    lifecycleRules: lifecycleRules
  }
}

module blobEvents 'core/messaging/storage-system-topic.bicep' = {
  name: 'blob-events'
  scope: rg
  params: {
    name: systemTopicName
    location: location
    tags: tags
    storageAccountName: storageAccountName
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    storage
  ]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    aggregationSchedule: aggregationSchedule
    bulletinSchedule: bulletinSchedule
    reconcileSchedule: reconcileSchedule
    reconcileStalePendingAfter: reconcileStalePendingAfter
    azureAdInstance: azureAdInstance
    azureAdTenantId: azureAdTenantId
    azureAdClientId: azureAdClientId
    azureAdAudience: !empty(azureAdAudience) ? azureAdAudience : azureAdClientId
  }
  dependsOn: [
    storage
    monitoring
    rbac
  ]
}

// Before the app: the host needs its storage and telemetry roles from its first start.
module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    identityName: identityName
  }
  dependsOn: [
    identity
    storage
    monitoring
  ]
}

module agencyAccess 'app/agency-access.bicep' = {
  name: 'agency-access'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    containerName: uploadsContainerName
    reportsContainerName: reportsContainerName
    agencies: allowedAgencies
  }
  dependsOn: [
    storage
  ]
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: abbrs.insightsScheduledQueryRules
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    systemTopicName: systemTopicName
    alertEmail: alertEmail
  }
  dependsOn: [
    monitoring
    blobEvents
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output UPLOADS_CONTAINER_NAME string = uploadsContainerName
output EVENTGRID_SYSTEM_TOPIC_NAME string = blobEvents.outputs.name
output EVENTGRID_DEADLETTER_CONTAINER_NAME string = deadLetterContainerName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
