using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Health;

/// <summary><c>GET /api/health</c>, the only anonymous route.</summary>
public sealed class GetHealth
{
    [Function(nameof(GetHealth))]
    [AllowAnonymous]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        new OkObjectResult(new { status = "Healthy" });
}
