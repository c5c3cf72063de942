// The API: a .NET 10 isolated function app on the Flex Consumption plan. It runs as a
// user-assigned identity, reaches storage and Application Insights with that identity
// only, and accepts HTTPS (TLS 1.2+) only, with FTP and basic publishing credentials off.

@description('Name of the function app (also its host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region; Flex Consumption must be offered there.')
param location string

@description('Tags applied to the plan and the app; the app also gets azd-service-name.')
param tags object = {}

@description('Name azd deploys the code to (azure.yaml service name).')
param serviceName string = 'api'

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity, for AzureWebJobsStorage__clientId and Application Insights.')
param identityClientId string

@description('Storage account of AzureWebJobsStorage and of the deployment package.')
param storageAccountName string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights component that receives telemetry.')
param applicationInsightsName string

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Instances kept started for the HTTP functions, so a leader\'s first read or a Power BI refresh never waits for a new instance to start (0: none, billed only when used).')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 1

@description('NCRONTAB (UTC) of the nightly aggregation, read by the timer as %AGGREGATION_SCHEDULE%.')
param aggregationSchedule string

@description('NCRONTAB (UTC) of the bulletin timer, read as %BULLETIN_SCHEDULE%.')
param bulletinSchedule string

@description('NCRONTAB (UTC) of the reconciliation sweep, read by ReconcileUploads as %RECONCILE_SCHEDULE%.')
param reconcileSchedule string

@description('Reconciliation:StalePendingAfter (TimeSpan): a month pending for longer is asked for again.')
param reconcileStalePendingAfter string

@description('Microsoft.Identity.Web AzureAd:Instance.')
param azureAdInstance string

@description('Microsoft.Identity.Web AzureAd:TenantId.')
param azureAdTenantId string

@description('Microsoft.Identity.Web AzureAd:ClientId (the API app registration); empty until the Entra step.')
param azureAdClientId string

@description('Microsoft.Identity.Web AzureAd:Audience.')
param azureAdAudience string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The whole set of settings: ARM replaces it on every deployment, so nothing is set by hand.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AGGREGATION_SCHEDULE: aggregationSchedule
    BULLETIN_SCHEDULE: bulletinSchedule
    RECONCILE_SCHEDULE: reconcileSchedule
    Reconciliation__StalePendingAfter: reconcileStalePendingAfter
    AzureAd__Instance: azureAdInstance
    AzureAd__TenantId: azureAdTenantId
    AzureAd__ClientId: azureAdClientId
    AzureAd__Audience: azureAdAudience
    // host.json's empty routePrefix gives GET / to the upload page, not the host's own home page.
    AzureWebJobsDisableHomepage: 'true'
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
