// Agencies' access to storage, one folder each: an agency creates blobs under
// uploads/{folder}/ and reads its own uploads and its reports under upload-reports/{folder}/,
// nothing else. Two custom roles hold only the data actions this needs (no delete, no
// container actions); an Azure ABAC condition on each assignment narrows them to the folder.

import { agencyUpload, isAgencyFolder } from '../types.bicep'

@description('Storage account that holds the uploads and reports containers.')
param storageAccountName string

@description('Container agencies upload to.')
param containerName string = 'uploads'

@description('Container of the upload reports, one per upload at {folder}/{uploadId}.json.')
param reportsContainerName string = 'upload-reports'

@description('Agencies and their folders.')
param agencies agencyUpload[]

// Every folder is checked before any assignment uses it: one bad folder stops the deployment.
var invalidFolders = map(filter(agencies, agency => !isAgencyFolder(agency.folder)), agency => agency.folder)
var checkedAgencies = empty(invalidFolders)
  ? agencies
  : fail('Agency folders must match ^[a-z0-9-]{2,63}$ (lower case, as in the uploader registry); not: ${join(invalidFolders, ', ')}')

// Read a blob, create a blob. blobs/write is in the role because common upload clients (AzCopy,
// hence Storage Explorer) need it besides add/action; it also lets an agency replace a blob in
// its folder, and no ABAC attribute tells a write to a new blob from an overwrite (write
// requests carry no "exists" or "current version" attribute). An overwrite is not a loss:
// versioning keeps the replaced bytes as a previous version, which the role cannot delete, and
// the new version is a new upload with its own report (README.md, "Agencies' access").
var uploaderDataActions = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
]

var reportReaderDataActions = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
]

// Blob paths and list prefixes exclude the container: uploads/so-tttt/2023-08/x.xlsx has the path
// 'so-tttt/2023-08/x.xlsx'. StringStartsWith '{folder}/' (with the slash) matches that folder
// only: not 'so-tttt-2/...', not a folder of the same name nested in another agency's
// ('p-stc/so-tttt/...'). Creating, writing and reading a blob need the path under the folder;
// listing needs the folder as the list prefix (a listing without a prefix is refused).
// The reader role has no write actions, so the same condition leaves it read-only.
var folderCondition = '''
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '{container}'
  AND
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '{folder}/'
 )
)
AND
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '{container}'
  AND
  @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith '{folder}/'
 )
)
'''

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource uploads 'containers' existing = {
      name: containerName
    }

    resource reports 'containers' existing = {
      name: reportsContainerName
    }
  }
}

resource uploaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'bacninh-agency-uploader')
  properties: {
    roleName: 'BacNinh agency uploader (${resourceGroup().name})'
    description: 'Create and read blobs; no delete, no container actions. Assigned per agency on the uploads container with a condition limiting it to the agency\'s folder.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: uploaderDataActions
        notDataActions: []
      }
    ]
  }
}

resource reportReaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'bacninh-agency-report-reader')
  properties: {
    roleName: 'BacNinh agency report reader (${resourceGroup().name})'
    description: 'Read blobs only. Assigned per agency on the upload-reports container with a condition limiting it to the agency\'s folder.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: reportReaderDataActions
        notDataActions: []
      }
    ]
  }
}

resource agencyUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in checkedAgencies: {
    name: guid(storage::blobService::uploads.id, agency.principalId, uploaderRole.id)
    scope: storage::blobService::uploads
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', uploaderRole.name)
      principalId: agency.principalId
      principalType: agency.?principalType ?? 'Group'
      description: 'Agency ${agency.folder}: creates and reads blobs under ${containerName}/${agency.folder}/ only.'
      conditionVersion: '2.0'
      condition: replace(replace(folderCondition, '{container}', containerName), '{folder}', agency.folder)
    }
  }
]

resource agencyReports 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in checkedAgencies: {
    name: guid(storage::blobService::reports.id, agency.principalId, reportReaderRole.id)
    scope: storage::blobService::reports
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reportReaderRole.name)
      principalId: agency.principalId
      principalType: agency.?principalType ?? 'Group'
      description: 'Agency ${agency.folder}: reads its reports under ${reportsContainerName}/${agency.folder}/ only.'
      conditionVersion: '2.0'
      condition: replace(replace(folderCondition, '{container}', reportsContainerName), '{folder}', agency.folder)
    }
  }
]

output agencyFolders string[] = [for agency in checkedAgencies: agency.folder]
