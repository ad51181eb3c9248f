namespace Parley.AspNetCore;

/// <summary>Options of Parley's HTTP layer, set with <c>AddParley&lt;TApp&gt;().ConfigureHttp(o =&gt; …)</c>.</summary>
public sealed class ParleyHttpOptions
{
    /// <summary>
    /// The largest JSON command body, in bytes; larger bodies get 413 <c>payload_too_large</c>.
    /// Default 1 MiB.
    /// </summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// True (the default) to give each browser a signed anonymous identity cookie when the request
    /// has no authenticated user. False requires authentication: anonymous requests get 401.
    /// </summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>
    /// True (the default) to serve the web UI at the mount point of <c>MapParley</c>; false to map
    /// only the API (for a custom front end).
    /// </summary>
    public bool ServeUi { get; set; } = true;

    /// <summary>The anonymous identity cookie's name. Default <c>parley_uid</c>.</summary>
    public string AnonymousCookieName { get; set; } = "parley_uid";

    /// <summary>
    /// Where data protection keys (which sign the identity cookie) are kept, so identities survive
    /// restarts and redeploys. Null (the default) means <c>{ContentRoot}/.parley/keys</c>; empty leaves
    /// data protection as the app configured it.
    /// </summary>
    public string? KeysDirectory { get; set; }
}
