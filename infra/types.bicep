// Shared parameter types.

@export()
@description('An agency allowed to upload: its Entra principal and its folder, uploads/{folder}/{yyyy-MM}/{file}.')
type agencyUpload = {
  @description('Object ID of the agency\'s Entra group (recommended), user or service principal.')
  @minLength(36)
  @maxLength(36)
  principalId: string

  @description('Kind of principal; Group when omitted.')
  principalType: ('Group' | 'User' | 'ServicePrincipal')?

  @description('The agency\'s folder in the uploader registry, e.g. so-tttt: the first segment of its upload and report paths. Lower-case letters, digits and hyphens only: it becomes part of an access condition.')
  @minLength(2)
  @maxLength(63)
  folder: string
}
