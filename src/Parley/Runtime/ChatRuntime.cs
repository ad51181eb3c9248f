using System.Text.Json;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// The commands and reads of the protocol, each made as a user who sees only their own threads
/// (another user's thread is "not found"). Transports (the HTTP endpoints) call this; so can tests
/// and custom hosts. Also the <see cref="IChatRunner"/> for server-started runs.
/// </summary>
/// <remarks>Thread-safe. Refusals are <see cref="ChatCommandException"/>s with a protocol error code.</remarks>
public sealed partial class ChatRuntime : IChatRunner
{
    private readonly ThreadHostRegistry _registry;
    private readonly ThreadHostServices _services;

    internal ChatRuntime(ThreadHostRegistry registry, ThreadHostServices services)
    {
        _registry = registry;
        _services = services;
    }

    private IChatStore Store => _services.Store;

    /// <summary>Creates a thread (idempotent by client id); its session begins and the chat-start run is queued.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="clientId">The idempotency key.</param>
    /// <param name="profile">The chat profile, if any.</param>
    /// <param name="metadata">Metadata, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ThreadCreated> CreateThreadAsync(
        ChatUser user, string? clientId, string? profile, IReadOnlyDictionary<string, JsonElement>? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        clientId = CommandValidation.ClientId(clientId);
        metadata = CommandValidation.Metadata(metadata);
        profile = CommandValidation.Profile(profile);
        profile = ChatDeclarations.Profile(_services.Options.Chat, profile);
        var schema = _services.Options.Chat.Settings;
        var now = _services.Time.GetUtcNowMs();
        var thread = new ThreadRecord
        {
            Id = _services.Ids.NewThreadId(),
            OwnerId = user.Id,
            ClientId = clientId,
            Profile = profile,
            Metadata = metadata,
            SettingsSchema = schema.Count == 0 ? null : [.. schema],
            Settings = schema.Count == 0 ? null : SettingsSchema.Effective(schema, current: null),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var chatStart = new RunRecord { Id = _services.Ids.NewRunId(), ThreadId = thread.Id, Trigger = RunTrigger.ChatStart, Status = RunStatus.Queued, CreatedAt = now };
        ThreadRecord stored;
        try
        {
            stored = await Store.CreateThreadAsync(thread, chatStart, cancellationToken);
        }
        catch (ChatStoreException ex)
        {
            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be created right now. Please try again shortly.", ex);
        }

        var created = stored.Id == thread.Id;
        if (created)
        {
            await WithHostAsync(user, stored.Id, async host =>
            {
                var (gate, _) = await host.LockSessionAsync(user, CancellationToken.None);
                gate.Dispose();
                return true;
            }, cancellationToken);
        }

        return new ThreadCreated(stored.ToInfo(), LastSeq: 0, created);
    }

    /// <summary>Lists the caller's threads, newest activity first.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="limit">The page size (1 to 100). Default 20.</param>
    /// <param name="cursor">The previous page's cursor.</param>
    /// <param name="search">Text the thread names contain.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ThreadList> ListThreadsAsync(ChatUser user, int limit, string? cursor, string? search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (limit is < 1 or > CommandValidation.MaxPageSize)
        {
            throw ChatCommandException.Invalid("limit", $"limit must be between 1 and {CommandValidation.MaxPageSize}.");
        }

        if (cursor is not null && !ThreadCursor.TryParse(cursor, out _))
        {
            throw ChatCommandException.Invalid("cursor", "cursor is not one this server issued.");
        }

        if (search is { Length: > CommandValidation.MaxNameLength })
        {
            throw ChatCommandException.Invalid("q", $"q must be at most {CommandValidation.MaxNameLength} characters.");
        }

        var page = await Read(() => Store.ListThreadsAsync(new ThreadQuery { OwnerId = user.Id, Limit = limit, Cursor = cursor, Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() }, cancellationToken));
        return new ThreadList(page.Threads.Select(t => t.ToInfo()).ToList(), page.NextCursor);
    }

    /// <summary>Reads a thread's snapshot.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ThreadView> GetThreadAsync(ChatUser user, string threadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var snapshot = CommandValidation.IsPlausibleId(threadId)
            ? await Read(() => Store.GetSnapshotAsync(threadId, cancellationToken))
            : null;
        if (snapshot is null || snapshot.Thread.OwnerId != user.Id)
        {
            throw ChatCommandException.ThreadNotFound();
        }

        return new ThreadView
        {
            Thread = snapshot.Thread.ToInfo(),
            Items = snapshot.Items,
            LastSeq = snapshot.LastSeq,
            ActiveRun = snapshot.ActiveRun is { } active ? Summary(active) : null,
            Queued = snapshot.QueuedRuns.Select(Summary).ToList(),
        };
    }

    /// <summary>Renames the thread and/or replaces its metadata.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="name">The new name, or null to keep it.</param>
    /// <param name="metadata">The new metadata, or null to keep it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ThreadInfo> UpdateThreadAsync(ChatUser user, string threadId, string? name, IReadOnlyDictionary<string, JsonElement>? metadata, CancellationToken cancellationToken)
    {
        name = CommandValidation.Name(name);
        metadata = CommandValidation.Metadata(metadata);
        return WithHostAsync(user, threadId, host => host.UpdateThreadAsync(name, metadata, runId: null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Deletes the thread: its session ends (OnChatEnd, reason deleted) and everything in it is removed.
    /// Called from a non-run hook of the thread's session, it returns once the thread is gone for every
    /// command; the end and the removal follow the hook.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeleteThreadAsync(ChatUser user, string threadId, CancellationToken cancellationToken) =>
        WithHostAsync(user, threadId, async host =>
        {
            await host.DeleteAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Opens a connection to the thread (beginning its session if none is live) that replays the
    /// events after <paramref name="afterSeq"/>, then streams live ones.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="afterSeq">The last seq the client has applied (0 for everything).</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public Task<ChatSubscription> SubscribeAsync(ChatUser user, string threadId, long afterSeq, CancellationToken cancellationToken)
    {
        if (afterSeq < 0)
        {
            throw ChatCommandException.Invalid("after", "after must not be negative.");
        }

        return WithHostAsync(user, threadId, host => host.ConnectAsync(user, afterSeq, cancellationToken), cancellationToken);
    }

    /// <summary>Posts a user message; it is handled by a run, after any run before it.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="clientId">The idempotency key.</param>
    /// <param name="content">The text.</param>
    /// <param name="command">The slash command chosen, if any.</param>
    /// <param name="cancellationToken">Cancels the call until the message is being written.</param>
    public Task<MessageAccepted> PostMessageAsync(ChatUser user, string threadId, string? clientId, string? content, string? command, CancellationToken cancellationToken)
    {
        clientId = CommandValidation.ClientId(clientId);
        content = CommandValidation.Content(content, _services.Options.MaxMessageLength);
        command = CommandValidation.Command(command);
        ChatDeclarations.Command(_services.Options.Chat, command);
        return WithHostAsync(user, threadId, host => host.PostMessageAsync(user, clientId, content, command, cancellationToken), cancellationToken);
    }

    /// <summary>Answers a pending text ask.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="itemId">The ask.</param>
    /// <param name="clientId">The idempotency key, if any.</param>
    /// <param name="content">The answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AskItem> AnswerAsync(ChatUser user, string threadId, string itemId, string? clientId, string? content, CancellationToken cancellationToken)
    {
        if (clientId is not null)
        {
            clientId = CommandValidation.ClientId(clientId);
        }

        if (content is not null)
        {
            content = CommandValidation.Content(content, _services.Options.MaxMessageLength);
        }

        if (!CommandValidation.IsPlausibleId(itemId))
        {
            throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        }

        return WithHostAsync(user, threadId, host => host.AnswerAsync(user, itemId, new AskReply { ClientId = clientId, Content = content }, cancellationToken), cancellationToken);
    }

    /// <summary>Stops the active run. Idempotent.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="runId">The run to stop, or null for whichever is active.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<StopResult> StopAsync(ChatUser user, string threadId, string? runId, CancellationToken cancellationToken)
    {
        if (runId is not null && !CommandValidation.IsPlausibleId(runId))
        {
            throw new ChatCommandException(ChatErrorCodes.RunNotFound, "The run does not exist in this thread.");
        }

        return WithHostAsync(user, threadId, host => host.StopAsync(runId, cancellationToken), cancellationToken);
    }

    /// <summary>Retries the failed run an item belongs to.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="clientId">The idempotency key.</param>
    /// <param name="itemId">An item of the failed run (its error item, its partial reply).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<RetryAccepted> RetryAsync(ChatUser user, string threadId, string? clientId, string itemId, CancellationToken cancellationToken)
    {
        clientId = CommandValidation.ClientId(clientId);
        if (!CommandValidation.IsPlausibleId(itemId))
        {
            throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        }

        return WithHostAsync(user, threadId, host => host.RetryAsync(user, clientId, itemId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Opens a stored file for its owner. Another user's file, or one that does not exist, is
    /// "not found" (<c>file_not_found</c>) alike.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="fileId">The file's id, as the server issued it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description and a readable stream the caller disposes.</returns>
    public async Task<(FileRecord File, Stream Content)> OpenFileAsync(ChatUser user, string fileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var file = CommandValidation.IsPlausibleId(fileId) ? await Read(() => new ValueTask<FileRecord?>(_services.Files.GetAsync(fileId, cancellationToken))) : null;
        var content = file is not null && file.OwnerId == user.Id ? await Read(() => new ValueTask<Stream?>(_services.Files.OpenReadAsync(fileId, cancellationToken))) : null;
        return file is not null && content is not null
            ? (file, content)
            : throw new ChatCommandException(ChatErrorCodes.FileNotFound, "The file does not exist.");
    }

    /// <summary>
    /// Ends the thread's session (OnChatEnd, reason user ended); the thread stays and can be resumed.
    /// Called from a non-run hook of that very session, it returns once the end has begun (the end
    /// waits for the hook); from anywhere else, once the end is over.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task EndSessionAsync(ChatUser user, string threadId, CancellationToken cancellationToken) =>
        WithHostAsync(user, threadId, async host =>
        {
            await host.EndSessionForCommandAsync(ChatEndReason.UserEnded);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ThreadInfo> CreateThreadAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var created = await CreateThreadAsync(new ChatUser { Id = ownerId }, _services.Ids.New("srv_"), profile: null, metadata: null, cancellationToken);
        return created.Thread;
    }

    /// <inheritdoc />
    public async Task<ServerRun> StartRunAsync(string threadId, Func<ChatContext, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var host = await _registry.AcquireAsync(threadId, cancellationToken);
        try
        {
            var run = await host.StartServerRunAsync(new ChatUser { Id = host.Thread.OwnerId }, handler, cancellationToken);
            return new ServerRun(run.Id, run.Completion.Task);
        }
        finally
        {
            _registry.Release(host);
        }
    }

    private async Task<T> WithHostAsync<T>(ChatUser user, string threadId, Func<ThreadHost, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!CommandValidation.IsPlausibleId(threadId))
        {
            throw ChatCommandException.ThreadNotFound();
        }

        var host = await _registry.AcquireAsync(threadId, cancellationToken);
        try
        {
            return host.Thread.OwnerId == user.Id ? await action(host) : throw ChatCommandException.ThreadNotFound();
        }
        catch (ChatStoreException ex)
        {
            // Whatever store call a command makes, a store failure means "not now": 503, nothing changed.
            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be saved or read right now. Please try again shortly.", ex);
        }
        finally
        {
            _registry.Release(host);
        }
    }

    private static async Task<T> Read<T>(Func<ValueTask<T>> read)
    {
        try
        {
            return await read();
        }
        catch (ChatStoreException ex)
        {
            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be read right now. Please try again shortly.", ex);
        }
    }

    private static RunSummary Summary(RunRecord run) => new(run.Id, run.Trigger, run.AllowCancel, run.InputItemId);
}
