// Event Grid system topic over a storage account. Its BlobCreated subscription to the
// function's blob webhook is deployed after the code (eventgrid.bicep), because the
// webhook key exists only once the host has started.

@description('Name of the system topic.')
param name string

@description('Azure region; a system topic lives where its storage account does.')
param location string

@description('Tags applied to the topic.')
param tags object = {}

@description('Storage account whose blob events the topic publishes.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
