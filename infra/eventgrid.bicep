// Second step, after the code is deployed: subscribe the IngestUpload blob trigger to
// BlobCreated events of the uploads container. Flex Consumption runs blob triggers only
// from Event Grid. The webhook needs the host's blobs_extension system key, which exists
// once the app has started; scripts/subscribe-eventgrid.sh fetches it and deploys this file.
// Events still undelivered after the retries go, with the topic's identity, to a dead-letter
// container of the same storage account (alert in app/alerts.bicep); ReconcileUploads also
// finds any upload left without a report.

targetScope = 'resourceGroup'

@description('Event Grid system topic of the storage account (output EVENTGRID_SYSTEM_TOPIC_NAME).')
param systemTopicName string

@description('Function app that hosts the blob trigger (output AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@secure()
@description('The host\'s blobs_extension system key.')
param blobsExtensionKey string

@description('Name of the blob-triggered function.')
param functionName string = 'IngestUpload'

@description('Container whose new blobs are ingested.')
param containerName string = 'uploads'

@description('Container of the topic\'s storage account that receives dead-lettered events (output EVENTGRID_DEADLETTER_CONTAINER_NAME).')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Name of the event subscription.')
param subscriptionName string = 'uploads-blob-created'

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // Uploads are {agency}/{yyyy-MM}/{file} or {agency}/{file}: every blob of the container.
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/blobs/'
      // One event per finished upload: block uploads, single puts, copies and Data Lake flushes,
      // not the intermediate PutBlock/AppendBlock calls.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'CopyBlob'
            'FlushWithClose'
          ]
        }
      ]
    }
    // Redelivery with backoff for up to a day; then the event is dead-lettered, not dropped.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: topic.properties.source
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output subscriptionName string = blobCreated.name
