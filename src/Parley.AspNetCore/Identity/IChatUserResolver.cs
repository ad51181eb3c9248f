using Microsoft.AspNetCore.Http;

namespace Parley.AspNetCore;

/// <summary>
/// Decides who a request is made as. Replace it (register your own) to map your authentication to
/// Parley users; the default uses the authenticated principal, else a signed anonymous cookie.
/// </summary>
/// <remarks>Called once per request; must be thread-safe.</remarks>
public interface IChatUserResolver
{
    /// <summary>Returns the request's user, or null when the request may not use Parley (401).</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<ChatUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
