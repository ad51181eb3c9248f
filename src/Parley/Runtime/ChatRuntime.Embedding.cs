using System.Text.Json;

namespace Parley.Runtime;

public sealed partial class ChatRuntime
{
    /// <summary>
    /// Delivers a message from the page that embeds the chat: <see cref="ChatApp.OnWindowMessageAsync"/>
    /// is queued on the session's hooks (never behind a run). Nothing is stored.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="data">Any JSON value, at most <see cref="WindowMessageContext.MaxDataBytes"/> as JSON text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task PostWindowMessageAsync(ChatUser user, string threadId, JsonElement data, CancellationToken cancellationToken)
    {
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            throw ChatCommandException.Invalid("data", "data is required.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(data.GetRawText()) > WindowMessageContext.MaxDataBytes)
        {
            throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"data must be at most {WindowMessageContext.MaxDataBytes} bytes of JSON.") { Field = "data" };
        }

        return WithHostAsync(user, threadId, async host =>
        {
            await host.PostWindowMessageAsync(user, data.Clone(), cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Begins an audio stream (audio must be enabled); the app may refuse it (<c>audio_refused</c>).</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="mimeType">The recording's media type: <c>audio/*</c>, parameters allowed.</param>
    /// <param name="clientId">An idempotency key, if any: the same one returns the first stream.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream's id.</returns>
    public Task<string> StartAudioAsync(ChatUser user, string threadId, string? mimeType, string? clientId, CancellationToken cancellationToken)
    {
        AudioValidation.EnsureEnabled(_services.Options);
        mimeType = AudioValidation.MimeType(mimeType);
        if (clientId is not null)
        {
            clientId = CommandValidation.ClientId(clientId);
        }

        return WithHostAsync(user, threadId, host => host.StartAudioAsync(user, mimeType, clientId, cancellationToken), cancellationToken);
    }

    /// <summary>Adds a chunk to an audio stream; its <see cref="ChatApp.OnAudioChunkAsync"/> runs in order.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="data">The bytes, not empty.</param>
    /// <param name="elapsedMs">Milliseconds since recording began.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task AppendAudioChunkAsync(ChatUser user, string threadId, string streamId, byte[] data, long elapsedMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        AudioValidation.EnsureEnabled(_services.Options);
        AudioValidation.StreamId(streamId);
        if (data.Length == 0)
        {
            throw ChatCommandException.Invalid("body", "A chunk must not be empty.");
        }

        if (elapsedMs < 0)
        {
            throw ChatCommandException.Invalid("X-Elapsed-Ms", "X-Elapsed-Ms must not be negative.");
        }

        return WithHostAsync(user, threadId, host =>
        {
            host.AppendAudioChunk(streamId, data, elapsedMs);
            return Task.FromResult(true);
        }, cancellationToken);
    }

    /// <summary>Ends an audio stream: the recording is saved and an audio run queued. Idempotent.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AudioEndAccepted> EndAudioAsync(ChatUser user, string threadId, string streamId, CancellationToken cancellationToken)
    {
        AudioValidation.EnsureEnabled(_services.Options);
        AudioValidation.StreamId(streamId);
        return WithHostAsync(user, threadId, host => host.EndAudioAsync(streamId), cancellationToken);
    }
}
