using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Parley.Testing;

/// <summary>
/// A model for tests: each call streams the next scripted round of updates, and every request (its
/// messages, options and cancellation token) is recorded.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<ChatOptions?, IEnumerable<ChatResponseUpdate>>> _rounds = new();
    private readonly Lock _sync = new();

    public List<(List<ChatMessage> Messages, ChatOptions? Options, CancellationToken Token)> Requests { get; } = [];

    /// <summary>Set when a call's token was cancelled while the script waited (a <see cref="Stall"/>).</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedChatClient Then(params ChatResponseUpdate[] updates) => Then(_ => updates);

    public ScriptedChatClient Then(Func<ChatOptions?, IEnumerable<ChatResponseUpdate>> round)
    {
        lock (_sync)
        {
            _rounds.Enqueue(round);
        }

        return this;
    }

    /// <summary>A text update.</summary>
    public static ChatResponseUpdate Text(string text) => new(ChatRole.Assistant, text);

    /// <summary>An update with these contents.</summary>
    public static ChatResponseUpdate With(params AIContent[] contents) => new(ChatRole.Assistant, [.. contents]);

    /// <summary>Marks a point where the stream waits until the call is cancelled.</summary>
    public static ChatResponseUpdate Stall { get; } = new(ChatRole.Assistant, "\u0000stall");

    /// <summary>Marks a point where the stream throws, as a provider failing mid-reply does.</summary>
    public static ChatResponseUpdate Fail { get; } = new(ChatRole.Assistant, "\u0000fail");

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Func<ChatOptions?, IEnumerable<ChatResponseUpdate>> round;
        lock (_sync)
        {
            Requests.Add(([.. messages], options, cancellationToken));
            round = _rounds.Count > 0 ? _rounds.Dequeue() : throw new InvalidOperationException("The script has no more rounds.");
        }

        foreach (var update in round(options))
        {
            await Task.Yield();
            if (ReferenceEquals(update, Stall))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }
            }

            if (ReferenceEquals(update, Fail))
            {
                throw new HttpRequestException("upstream model connection reset (secret-internal-detail)");
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
