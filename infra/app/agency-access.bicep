// Agencies' write access to uploads: Storage Blob Data Contributor on the uploads container,
// narrowed by an Azure ABAC condition so each agency creates, overwrites or deletes blobs only
// under its own folder: uploads/{yyyy-MM}/{prefix}/{file}. Reading and listing stay open
// within the container. Versioning and soft delete keep whatever an agency overwrites.

import { agencyUpload } from '../types.bicep'

@description('Storage account that holds the uploads container.')
param storageAccountName string

@description('Container agencies upload to.')
param containerName string = 'uploads'

@description('Agencies and their folders.')
param agencies agencyUpload[]

// Blob paths exclude the container: '2023-08/so-tttt/bao-cao.xlsx' matches '*/so-tttt/*'.
// Actions that write, create or remove a blob must be under the agency's folder; other actions
// of the role (read, list) are not restricted by this condition.
var uploadCondition = '''
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})
  AND
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '*/{prefix}/*'
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
  }
}

resource storageBlobDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource agencyUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for agency in agencies: {
    name: guid(storage::blobService::uploads.id, agency.principalId, storageBlobDataContributor.id)
    scope: storage::blobService::uploads
    properties: {
      roleDefinitionId: storageBlobDataContributor.id
      principalId: agency.principalId
      principalType: agency.?principalType ?? 'Group'
      description: 'Agency ${agency.prefix}: uploads under ${containerName}/{yyyy-MM}/${agency.prefix}/ only.'
      conditionVersion: '2.0'
      condition: replace(uploadCondition, '{prefix}', agency.prefix)
    }
  }
]

output agencyPrefixes string[] = [for agency in agencies: agency.prefix]
