using System.Text.Json;
using Parley.Runtime;

namespace Parley;

/// <summary>
/// An assistant message being streamed. <see cref="AppendAsync"/> is cheap (it queues a delta; it does
/// not wait for the disk). If the run ends before <see cref="CompleteAsync(CancellationToken)"/>, the message is finished
/// by the run: completed, failed, cancelled or interrupted, with its partial text kept.
/// </summary>
/// <remarks>Thread-safe; appends from one task arrive in order.</remarks>
public sealed class StreamingMessage
{
    private readonly ChatContext _chat;
    private readonly RunOutput _output;

    internal StreamingMessage(ChatContext chat, RunOutput output, string itemId)
    {
        _chat = chat;
        _output = output;
        ItemId = itemId;
    }

    /// <summary>The message's item id.</summary>
    public string ItemId { get; }

    /// <summary>Appends text to the message.</summary>
    /// <param name="text">The text, for example one token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async ValueTask AppendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return;
        }

        using var token = _chat.Link(cancellationToken);
        await _output.AppendAsync(ItemId, ItemField.Content, text, token.Token);
    }

    /// <summary>Replaces the message's actions (buttons).</summary>
    /// <param name="actions">The actions; empty removes them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task SetActionsAsync(IReadOnlyList<ChatAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        using var token = _chat.Link(cancellationToken);
        await _output.UpdateAsync(ItemId, item => ((AssistantMessage)item) with { Actions = actions }, token.Token);
    }

    /// <summary>Completes the message; later appends fail.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AssistantMessage> CompleteAsync(CancellationToken cancellationToken = default) =>
        CompleteAsync(metadata: null, cancellationToken);

    internal async Task<AssistantMessage> CompleteAsync(IReadOnlyDictionary<string, JsonElement>? metadata, CancellationToken cancellationToken)
    {
        using var token = _chat.Link(cancellationToken);
        var completed = await _output.UpdateAsync(
            ItemId,
            item => item.Status.IsOpen()
                ? ((AssistantMessage)item) with { Status = ItemStatus.Completed, Metadata = metadata ?? item.Metadata }
                : item,
            token.Token);
        return (AssistantMessage)completed;
    }
}
