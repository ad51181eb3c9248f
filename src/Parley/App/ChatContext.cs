using Parley.Runtime;

namespace Parley;

/// <summary>
/// The one argument every run hook gets: the thread, the user, the run, the session values, the
/// history, the run's cancellation token, and the verbs to say, stream, step, ask and notify.
/// </summary>
/// <remarks>
/// <para>Thread-safe: a handler may use it from parallel tasks; writes are ordered by the thread.</para>
/// <para>Every verb takes an optional <see cref="CancellationToken"/>; the run's <see cref="Aborted"/>
/// token always applies as well. Once the handler has returned (or was abandoned after a stop), the
/// verbs throw <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed partial class ChatContext
{
    private readonly RunOutput _output;
    private readonly bool _finishing;
    private int _closed;

    internal ChatContext(RunOutput output, IServiceProvider services, bool finishing)
    {
        _output = output;
        _finishing = finishing;
        Services = services;
    }

    /// <summary>The thread, as it is now.</summary>
    public ThreadInfo Thread => _output.Host.Thread.ToInfo();

    /// <summary>The user the run acts for (the thread's owner).</summary>
    public ChatUser User => _output.Run.User;

    /// <summary>The run.</summary>
    public RunInfo Run => _output.Run.Info;

    /// <summary>The session's values: they survive reconnects and are saved with the thread.</summary>
    public SessionValues Session => _output.Host.Session?.Values ?? throw new InvalidOperationException("The thread has no live session.");

    /// <summary>The thread's items, kept current while the run lasts.</summary>
    public ChatHistory History => _output.Run.History;

    /// <summary>
    /// Fires when the run is stopped, its session ends, or the host shuts down. A disconnect never
    /// fires it. Pass it to model calls so a stop reaches them.
    /// </summary>
    public CancellationToken Aborted => _output.Run.Token;

    /// <summary>The run's DI scope.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Adds a complete assistant message.</summary>
    /// <param name="content">The markdown content.</param>
    /// <param name="options">Actions, author, metadata, elements. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<AssistantMessage> SayAsync(string content, MessageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var token = Link(cancellationToken);
        var message = NewMessage(content, ItemStatus.Completed, options);
        var elements = await PrepareAttachedElementsAsync(options, message.Id, token.Token);
        await _output.AddAsync(message, token.Token);
        await AddAttachedElementsAsync(elements, token.Token);
        return message;
    }

    /// <summary>Begins a streamed assistant message; append to it, then complete it.</summary>
    /// <param name="options">Actions, author, metadata. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<StreamingMessage> BeginMessageAsync(MessageOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var token = Link(cancellationToken);
        var message = NewMessage("", ItemStatus.InProgress, options);
        var elements = await PrepareAttachedElementsAsync(options, message.Id, token.Token);
        await _output.AddAsync(message, token.Token);
        await AddAttachedElementsAsync(elements, token.Token);
        return new StreamingMessage(this, _output, message.Id);
    }

    /// <summary>Streams text into a new assistant message and completes it.</summary>
    /// <param name="text">The text chunks, for example tokens from a model.</param>
    /// <param name="options">Actions, author, metadata. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<AssistantMessage> StreamReplyAsync(IAsyncEnumerable<string> text, MessageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = await BeginMessageAsync(options, cancellationToken);
        using var token = Link(cancellationToken);
        await foreach (var chunk in text.WithCancellation(token.Token))
        {
            await stream.AppendAsync(chunk, cancellationToken);
        }

        return await stream.CompleteAsync(cancellationToken);
    }

    /// <summary>Adds text to the model's history that is never shown.</summary>
    /// <param name="content">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<HiddenContextItem> AddHiddenContextAsync(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var token = Link(cancellationToken);
        return await _output.AddAsync(
            new HiddenContextItem { Id = _output.NewItemId(), Status = ItemStatus.Completed, CreatedAt = _output.Now, RunId = _output.Run.Id, Content = content },
            token.Token);
    }

    /// <summary>Shows a short notification to whoever watches the thread now (not stored).</summary>
    /// <param name="message">The text.</param>
    /// <param name="level">The severity. Default <see cref="ToastLevel.Info"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task ToastAsync(string message, ToastLevel level = ToastLevel.Info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var token = Link(cancellationToken);
        _output.Host.PublishEphemeral(new ToastEvent { ThreadId = _output.Host.ThreadId, At = _output.Now, Level = level, Message = message });
        return Task.CompletedTask;
    }

    /// <summary>Renames the thread (<c>thread.updated</c>).</summary>
    /// <param name="name">The new name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ThreadInfo> RenameThreadAsync(string name, CancellationToken cancellationToken = default)
    {
        using var token = Link(cancellationToken);
        _output.EnsureWritable();
        return await _output.Host.UpdateThreadAsync(name, metadata: null, _output.Run.Id, token.Token);
    }

    internal void Close() => Interlocked.Exchange(ref _closed, 1);

    /// <summary>
    /// Checks the context may be used and returns the token the call observes: the caller's token
    /// and, for the handler, the run's token. A finishing hook's context ignores the run's token
    /// (the run was cancelled; the hook still writes).
    /// </summary>
    internal TokenLink Link(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw new InvalidOperationException("The handler has ended; this context can no longer be used.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_finishing)
        {
            return new TokenLink(null, cancellationToken);
        }

        if (_output.Run.Broken)
        {
            throw new Storage.ChatStoreException("An earlier write of this run failed; the run cannot continue.", isTransient: false);
        }

        var aborted = Aborted;
        aborted.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled || cancellationToken == aborted)
        {
            return new TokenLink(null, aborted);
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
        return new TokenLink(linked, linked.Token);
    }

    internal bool IsAborted => !_finishing && Aborted.IsCancellationRequested;

    private AssistantMessage NewMessage(string content, ItemStatus status, MessageOptions? options) => new()
    {
        Id = _output.NewItemId(),
        Status = status,
        CreatedAt = _output.Now,
        RunId = _output.Run.Id,
        Author = options?.Author ?? _output.AppName,
        Content = content,
        Actions = options?.Actions ?? [],
        Metadata = options?.Metadata,
    };

    /// <summary>A token to observe, and the linked source to dispose with it, if one was needed.</summary>
    internal readonly struct TokenLink(CancellationTokenSource? source, CancellationToken token) : IDisposable
    {
        public CancellationToken Token { get; } = token;

        public void Dispose() => source?.Dispose();
    }
}
