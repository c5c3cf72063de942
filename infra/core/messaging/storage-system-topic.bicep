// Event Grid system topic over a storage account. Its BlobCreated subscription to the
// function's blob webhook is deployed after the code (eventgrid.bicep), because the
// webhook key exists only once the host has started. The topic has a system-assigned
// identity that writes undeliverable events to the dead-letter container.

@description('Name of the system topic.')
param name string

@description('Azure region; a system topic lives where its storage account does.')
param location string

@description('Tags applied to the topic.')
param tags object = {}

@description('Storage account whose blob events the topic publishes.')
param storageAccountName string

@description('Container of the storage account that receives dead-lettered events (created by the storage module).')
param deadLetterContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource storageBlobDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Identity-based dead-lettering: the topic writes undeliverable events as blobs, on this container only.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetters.id, topic.id, storageBlobDataContributor.id)
  scope: storage::blobService::deadLetters
  properties: {
    roleDefinitionId: storageBlobDataContributor.id
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Event Grid system topic: writes dead-lettered events to ${deadLetterContainerName}.'
  }
}

output name string = topic.name
output principalId string = topic.identity.principalId
