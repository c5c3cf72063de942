// Shared parameter types.

@export()
@description('An agency allowed to upload: its Entra principal and the folder name it writes under, uploads/{yyyy-MM}/{prefix}/{file}.')
type agencyUpload = {
  @description('Object ID of the agency\'s Entra group (recommended), user or service principal.')
  @minLength(36)
  @maxLength(36)
  principalId: string

  @description('Kind of principal; Group when omitted.')
  principalType: ('Group' | 'User' | 'ServicePrincipal')?

  @description('Folder of the agency under each period, e.g. so-tttt. Letters, digits and hyphens only: it becomes part of an access condition.')
  @minLength(2)
  @maxLength(63)
  prefix: string
}
