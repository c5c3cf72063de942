// Alerts on the failures someone must act on: an upload that could not be processed
// (poison, or IngestUpload failing again on Event Grid's retries), a failed aggregation run
// (both query the app's Application Insights), and a BlobCreated event that Event Grid gave
// up on and dead-lettered (a metric of the system topic). All mail the platform team.

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Name of the action group.')
param actionGroupName string

@description('Azure region of the alert rules.')
param location string

@description('Tags applied to the alert rules and the action group.')
param tags object = {}

@description('Application Insights component the rules query.')
param applicationInsightsName string

@description('Event Grid system topic of the storage account, whose dead-lettered events raise an alert.')
param systemTopicName string

@description('Email address that receives the alerts.')
param alertEmail string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bacninh-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'platform-team'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// An upload is poison when the app gives up on it (it logs "poison"), or when IngestUpload keeps
// failing: Event Grid redelivers a failed blob event, so three failures in the window are retries.
var poisonUploadsQuery = '''
let poisonLogs = union traces, exceptions
    | where message has "poison" or outerMessage has "poison" or innermostMessage has "poison"
    | project timestamp, operation_Name, detail = coalesce(message, outerMessage);
let repeatedFailures = requests
    | where name == "IngestUpload" and success == false
    | summarize failures = count(), timestamp = max(timestamp)
    | where failures >= 3
    | project timestamp, operation_Name = "IngestUpload", detail = strcat(failures, " failed IngestUpload runs");
union poisonLogs, repeatedFailures
'''

var failedAggregationsQuery = '''
requests
| where name in ("AggregateNightly", "AggregateRequestedPeriod", "RunAggregation") and success == false
| project timestamp, name, resultCode, operation_Id
'''

resource poisonUploads 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}poison-uploads'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'BacNinh: upload could not be processed'
    description: 'An agency upload failed after retries or went to poison. Check the upload report and the exceptions of IngestUpload.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: poisonUploadsQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource failedAggregations 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}failed-aggregations'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'BacNinh: aggregation run failed'
    description: 'AggregateNightly, AggregateRequestedPeriod or RunAggregation failed: datasets and bulletins may be stale. Re-run with POST /api/aggregations/{yyyy-MM}.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: failedAggregationsQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// Event Grid dead-letters a BlobCreated event after its retries (a day): IngestUpload never ran for
// that upload from the event. ReconcileUploads processes it anyway; the alert says the webhook is broken
// (stopped app, rotated key: run scripts/subscribe-eventgrid.sh again).
resource deadLetteredEvents 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}dead-lettered-events'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid dead-lettered BlobCreated events: IngestUpload was not reached. Check the webhook subscription (scripts/subscribe-eventgrid.sh) and the blobs in the eventgrid-deadletter container.'
    severity: 2
    enabled: true
    scopes: [
      systemTopic.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
