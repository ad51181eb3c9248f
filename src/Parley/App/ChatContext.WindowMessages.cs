using System.Text.Json;

namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>
    /// Posts <paramref name="data"/> to the page that embeds the chat (<c>window.message</c>, ephemeral,
    /// never stored): only tabs connected now receive it.
    /// </summary>
    /// <param name="data">Any JSON value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SendWindowMessageAsync(JsonElement data, CancellationToken cancellationToken = default)
    {
        using var token = Link(cancellationToken);
        _output.Host.PublishEphemeral(new WindowMessageEvent { ThreadId = _output.Host.ThreadId, At = _output.Now, Data = data.Clone() });
        return Task.CompletedTask;
    }
}
