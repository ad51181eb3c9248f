using System.Text.Json;
using Parley.Runtime;

namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnWindowMessageAsync"/>: a message the embedding page posted.</summary>
public sealed class WindowMessageContext : ThreadHookContext
{
    /// <summary>The largest window message the server accepts, as JSON text in UTF-8: 16 KiB.</summary>
    public const int MaxDataBytes = 16 * 1024;

    internal WindowMessageContext(ThreadHost host, ChatUser user, SessionValues session, IServiceProvider services, JsonElement data)
        : base(host, user, session, services) => Data = data;

    /// <summary>The data the page posted: any JSON value, at most 16 KiB.</summary>
    public JsonElement Data { get; }
}
