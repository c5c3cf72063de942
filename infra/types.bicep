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

  @description('The agency\'s folder in the uploader registry, e.g. so-tttt: the first segment of its upload and report paths. ^[a-z0-9-]{2,63}$ (checked by isAgencyFolder): it becomes part of an access condition.')
  @minLength(2)
  @maxLength(63)
  folder: string
}

// Bicep has no regular expressions: ^[a-z0-9-]{2,63}$ spelled out. A folder is pasted into an ABAC
// condition, where a quote would change the condition, and blob paths are case-sensitive, where an
// upper-case folder would grant a folder the app never uses.
@export()
@description('True when folder matches ^[a-z0-9-]{2,63}$, the form of a folder in the uploader registry.')
func isAgencyFolder(folder string) bool =>
  length(folder) >= 2 && length(folder) <= 63 && empty(filter(range(0, length(folder)), i => !contains('abcdefghijklmnopqrstuvwxyz0123456789-', substring(folder, i, 1))))
