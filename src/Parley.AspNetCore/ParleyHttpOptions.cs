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

    /// <summary>
    /// Origins (<c>https://host.example</c>) of pages allowed to embed the UI in an iframe and exchange
    /// window messages with it, besides the UI's own origin (always allowed). They are added to the UI's
    /// <c>frame-ancestors</c> and listed in <c>GET /api/app</c> (<c>features.windowMessages.origins</c>),
    /// which the UI uses to check a message's origin and to address its replies. <c>"*"</c> allows any
    /// origin: every page may then embed the chat and read what the app posts to it. Default empty (same
    /// origin only).
    /// </summary>
    public IList<string> WindowMessageOrigins { get; } = [];
}
