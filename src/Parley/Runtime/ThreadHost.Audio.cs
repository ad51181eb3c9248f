using Parley.Storage;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    private readonly Lock _audioSync = new();
    private readonly Dictionary<string, AudioStream> _audioStreams = new(StringComparer.Ordinal);

    /// <summary>
    /// Begins an audio stream: the session begins if none is live, <see cref="ChatApp.OnAudioStartAsync"/>
    /// runs on its hook sequence and may refuse. The same client id returns the first stream.
    /// </summary>
    public async Task<string> StartAudioAsync(ChatUser user, string mimeType, string? clientId, CancellationToken cancellationToken)
    {
        if (FindAudioByClientId(clientId) is { } existing)
        {
            return existing.Id;
        }

        lock (_audioSync)
        {
            if (_audioStreams.Values.Count(s => s.Buffer is not null) >= Services.Options.Audio.MaxOpenStreamsPerThread)
            {
                throw new ChatCommandException(ChatErrorCodes.AudioRefused, "Another recording is still open in this chat; end it first.");
            }
        }

        var (gate, session) = await LockSessionAsync(user, cancellationToken);
        gate.Dispose();
        var stream = new AudioStream(Services.Ids.New("aud_"), mimeType, clientId, session, user);
        var accepted = false;
        await session.Hooks.Enqueue(async () => accepted = await InvokeNonRunHookAsync(
            session,
            nameof(ChatApp.OnAudioStartAsync),
            (app, services) => app.OnAudioStartAsync(new AudioStartContext(this, user, session.Values, services, stream.Id, mimeType)).AsTask(),
            fallback: false));
        if (!accepted)
        {
            RuntimeLog.AudioStreamRefused(Services.Logger, ThreadId);
            throw new ChatCommandException(ChatErrorCodes.AudioRefused, "The app does not accept a recording right now.");
        }

        lock (_audioSync)
        {
            if (FindAudioByClientId(clientId) is { } raced)
            {
                return raced.Id;
            }

            _audioStreams[stream.Id] = stream;
            stream.IdleTimer = Services.Time.CreateTimer(
                static state =>
                {
                    var (host, expiring) = ((ThreadHost, AudioStream))state!;
                    host.ExpireAudio(expiring);
                },
                (this, stream),
                Services.Options.Audio.StreamIdleTimeout,
                Timeout.InfiniteTimeSpan);
        }

        RuntimeLog.AudioStreamStarted(Services.Logger, stream.Id, ThreadId, mimeType);
        return stream.Id;
    }

    /// <summary>Adds a chunk to a stream and queues its <see cref="ChatApp.OnAudioChunkAsync"/>, in order.</summary>
    public void AppendAudioChunk(string streamId, byte[] data, long elapsedMs)
    {
        var stream = FindAudio(streamId);
        var options = Services.Options.Audio;
        lock (stream.Sync)
        {
            if (stream.Ending is not null)
            {
                throw new ChatCommandException(ChatErrorCodes.AudioStreamEnded, "This recording was already ended.");
            }

            var session = stream.Session;
            if (Session != session || session.Ending is not null || stream.Buffer is not { } buffer)
            {
                RemoveAudio(stream);
                throw AudioNotFound();
            }

            if (buffer.Length + data.Length > options.MaxStreamBytes)
            {
                throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"A recording may be at most {options.MaxStreamBytes} bytes.");
            }

            if (elapsedMs > options.MaxStreamDuration.TotalMilliseconds)
            {
                throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"A recording may last at most {options.MaxStreamDuration}.") { Field = "X-Elapsed-Ms" };
            }

            buffer.Write(data);
            var chunk = new AudioChunk(stream.ChunkCount == 0, stream.MimeType, TimeSpan.FromMilliseconds(elapsedMs), data);
            stream.ChunkCount++;
            stream.DurationMs = Math.Max(stream.DurationMs, elapsedMs);
            stream.LastHook = session.Hooks.Enqueue(() => InvokeNonRunHookAsync(
                session,
                nameof(ChatApp.OnAudioChunkAsync),
                async (app, services) =>
                {
                    await app.OnAudioChunkAsync(new AudioChunkContext(this, stream.User, session.Values, services, stream.Id, chunk));
                    return true;
                },
                fallback: false));
            stream.IdleTimer?.Change(options.StreamIdleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Ends a stream: once its chunk hooks ran, saves the recording as a file and queues the audio run
    /// (<see cref="ChatApp.OnAudioEndAsync"/>). A repeated end returns the first answer.
    /// </summary>
    public Task<AudioEndAccepted> EndAudioAsync(string streamId)
    {
        var stream = FindAudio(streamId);
        lock (stream.Sync)
        {
            return stream.Ending ??= Task.Run(() => EndStreamAsync(stream));
        }
    }

    private async Task<AudioEndAccepted> EndStreamAsync(AudioStream stream)
    {
        try
        {
            await stream.LastHook;
            byte[] bytes;
            lock (stream.Sync)
            {
                // A recording of a session that ended (or a deleted thread) has nobody to hand it to.
                if (Session != stream.Session || stream.Session.Ending is not null || IsDeleted)
                {
                    RemoveAudio(stream);
                    throw AudioNotFound();
                }

                bytes = stream.Buffer?.ToArray() ?? throw AudioNotFound();
            }

            var baseType = stream.MimeType.Split(';', 2)[0].Trim().ToLowerInvariant();
            var file = await Services.Files.SaveAsync(
                new FileRecord
                {
                    Id = Services.Ids.NewFileId(),
                    OwnerId = Thread.OwnerId,
                    ThreadId = ThreadId,
                    Name = "recording." + ExtensionOf(baseType),
                    Mime = baseType,
                    CreatedAt = Now,
                },
                new MemoryStream(bytes, writable: false),
                CancellationToken.None);
            var input = new AudioRunInput
            {
                StreamId = stream.Id,
                FileId = file.Id,
                FileName = file.Name,
                MimeType = stream.MimeType,
                ChunkCount = stream.ChunkCount,
                Size = file.Size,
                DurationMs = stream.DurationMs,
            };

            AudioEndAccepted accepted;
            var (gate, _) = await LockSessionAsync(stream.User, CancellationToken.None);
            using (gate)
            {
                if (IsDeleted)
                {
                    // Deleted while the recording was being saved: its file must not outlive the thread.
                    await Services.Files.DeleteThreadFilesAsync(ThreadId, CancellationToken.None);
                    throw AudioNotFound();
                }

                var record = NewRunRecord(RunTrigger.Audio) with { Audio = input };
                var queued = Runs.IsBusy;
                await DurableAsync(await Log.WriteRecordsAsync([record], thread: null, CancellationToken.None));
                Runs.Enqueue(new RunState(record, stream.User, serverHandler: null) { Persisted = true });
                accepted = new AudioEndAccepted(record.Id, queued);
            }

            lock (stream.Sync)
            {
                stream.Buffer = null;
                stream.IdleTimer?.Change(Services.Options.Audio.StreamIdleTimeout, Timeout.InfiniteTimeSpan);
            }

            RuntimeLog.AudioStreamEnded(Services.Logger, stream.Id, ThreadId, input.ChunkCount, input.Size, accepted.RunId);
            return accepted;
        }
        catch (Exception)
        {
            // Nothing was queued: the client may end it again.
            lock (stream.Sync)
            {
                stream.Ending = null;
            }

            throw;
        }
    }

    /// <summary>Drops the open recordings of a session that ended: their bytes go, nobody can end them any more.</summary>
    private void DropAudioOf(ThreadSession session)
    {
        List<AudioStream> dropped;
        lock (_audioSync)
        {
            dropped = [.. _audioStreams.Values.Where(s => s.Session == session && s.Ending is null)];
        }

        foreach (var stream in dropped)
        {
            lock (stream.Sync)
            {
                RemoveAudio(stream);
            }
        }
    }

    private void ExpireAudio(AudioStream stream)
    {
        lock (stream.Sync)
        {
            if (stream.Ending is { IsCompleted: false })
            {
                stream.IdleTimer?.Change(Services.Options.Audio.StreamIdleTimeout, Timeout.InfiniteTimeSpan);
                return;
            }

            RemoveAudio(stream);
        }

        RuntimeLog.AudioStreamExpired(Services.Logger, stream.Id, ThreadId, Services.Options.Audio.StreamIdleTimeout);
    }

    private void RemoveAudio(AudioStream stream)
    {
        lock (_audioSync)
        {
            _audioStreams.Remove(stream.Id);
        }

        stream.IdleTimer?.Dispose();
        stream.IdleTimer = null;
        stream.Buffer = null;
    }

    private AudioStream FindAudio(string streamId)
    {
        lock (_audioSync)
        {
            return _audioStreams.TryGetValue(streamId, out var stream) ? stream : throw AudioNotFound();
        }
    }

    private AudioStream? FindAudioByClientId(string? clientId)
    {
        if (clientId is null)
        {
            return null;
        }

        lock (_audioSync)
        {
            return _audioStreams.Values.FirstOrDefault(s => s.ClientId == clientId);
        }
    }

    private static ChatCommandException AudioNotFound() =>
        new(ChatErrorCodes.AudioStreamNotFound, "The recording does not exist, or it expired.");

    private static string ExtensionOf(string baseType) => baseType switch
    {
        "audio/webm" => "webm",
        "audio/ogg" => "ogg",
        "audio/mp4" or "audio/m4a" or "audio/x-m4a" or "audio/aac" => "m4a",
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        _ => "bin",
    };
}
