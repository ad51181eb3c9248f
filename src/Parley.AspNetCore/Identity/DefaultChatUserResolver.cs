using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Parley.AspNetCore;

/// <summary>
/// The default user resolution: an authenticated principal becomes a user whose id is derived from its
/// subject (name identifier or <c>sub</c>) together with the claim's issuer, so equal subjects from two
/// identity providers never meet; otherwise, when anonymous use is allowed, the browser gets an identity
/// in an HttpOnly cookie signed by data protection, so nobody can claim another's id.
/// </summary>
internal sealed class DefaultChatUserResolver(IDataProtectionProvider dataProtection, IOptions<ParleyHttpOptions> options) : IChatUserResolver
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Parley.AnonymousUser.v1");
    private readonly ParleyHttpOptions _options = options.Value;

    public ValueTask<ChatUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.User.Identity is { IsAuthenticated: true } identity &&
            (context.User.FindFirst(ClaimTypes.NameIdentifier) ?? context.User.FindFirst("sub")) is { Value.Length: > 0 } subject)
        {
            return ValueTask.FromResult<ChatUser?>(new ChatUser { Id = AuthenticatedId(subject.Issuer, subject.Value), DisplayName = identity.Name });
        }

        if (!_options.AllowAnonymous)
        {
            return ValueTask.FromResult<ChatUser?>(null);
        }

        var id = ReadCookie(context) ?? IssueCookie(context);
        return ValueTask.FromResult<ChatUser?>(new ChatUser { Id = id, IsAnonymous = true });
    }

    private static string AuthenticatedId(string issuer, string subject) =>
        "usr_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + subject)).AsSpan(0, 16));

    private string? ReadCookie(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(_options.AnonymousCookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var id = _protector.Unprotect(value);
            return id.StartsWith("usr_", StringComparison.Ordinal) ? id : null;
        }
        catch (CryptographicException)
        {
            // Tampered with, or signed by keys this server no longer has: a new identity.
            return null;
        }
    }

    private string IssueCookie(HttpContext context)
    {
        var id = "usr_" + Guid.CreateVersion7().ToString("N");
        context.Response.Cookies.Append(_options.AnonymousCookieName, _protector.Protect(id), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/",
            MaxAge = TimeSpan.FromDays(400),
        });
        return id;
    }
}
