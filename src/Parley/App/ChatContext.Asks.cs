using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Elements;

namespace Parley;

/// <summary>Asks: text, action, file and element questions the run awaits.</summary>
public sealed partial class ChatContext
{
    /// <summary>
    /// Asks the user a question in text and waits for the answer — across reconnects, reloads and
    /// other tabs. No timeout by default.
    /// </summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait (the ask stays pending until the run finishes).</param>
    /// <returns>The answer's text.</returns>
    /// <exception cref="AskExpiredException">The timeout elapsed or the session ended; the ask is expired for everyone to see.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped.</exception>
    public async Task<string> AskAsync(string question, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await TryAskAsync(question, options, cancellationToken);
        return result.IsAnswered ? result.Text ?? "" : throw Expired(result.Ask);
    }

    /// <summary>Like <see cref="AskAsync"/>, but an expiry is a result, not an exception.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<AskResult> TryAskAsync(string question, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var final = await AskCoreAsync(NewAsk(AskKind.Text, question, options?.Author, options?.Timeout), options?.Timeout, cancellationToken);
        return new AskResult(final);
    }

    /// <summary>Asks the user to click one of <paramref name="actions"/> and waits for the click. No timeout by default.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="actions">The choices (at least one); ids must be unique — <see cref="ChatAction.Create"/> issues them.</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The chosen action.</returns>
    /// <exception cref="AskExpiredException">The ask expired.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped.</exception>
    public async Task<ChatAction> AskActionAsync(string question, IReadOnlyList<ChatAction> actions, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await TryAskActionAsync(question, actions, options, cancellationToken);
        return result.IsAnswered ? result.Value! : throw Expired(result.Ask);
    }

    /// <summary>Like <see cref="AskActionAsync"/>, but an expiry is a result, not an exception.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="actions">The choices (at least one).</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<AskResult<ChatAction>> TryAskActionAsync(string question, IReadOnlyList<ChatAction> actions, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0 || actions.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != actions.Count)
        {
            throw new ArgumentException("An action ask needs at least one action, with unique ids.", nameof(actions));
        }

        var ask = NewAsk(AskKind.Action, question, options?.Author, options?.Timeout) with { Actions = actions };
        var final = await AskCoreAsync(ask, options?.Timeout, cancellationToken);
        var chosen = final.Answer?.ActionId is { } id ? actions.FirstOrDefault(a => a.Id == id) : null;
        return new AskResult<ChatAction>(final, chosen);
    }

    /// <summary>Asks the user to upload files and waits for them. No timeout by default.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="options">Accepted types, how many, how large, timeout, author. Default: one file of at most 20 MB, any type.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The uploaded files; read their bytes through the file store.</returns>
    /// <exception cref="AskExpiredException">The ask expired.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped.</exception>
    public async Task<IReadOnlyList<FileRef>> AskFileAsync(string question, FileAskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await TryAskFileAsync(question, options, cancellationToken);
        return result.IsAnswered ? result.Value! : throw Expired(result.Ask);
    }

    /// <summary>Like <see cref="AskFileAsync"/>, but an expiry is a result, not an exception.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="options">Accepted types, how many, how large, timeout, author.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<AskResult<IReadOnlyList<FileRef>>> TryAskFileAsync(string question, FileAskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        options ??= new FileAskOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFiles, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSizeMb, 1, nameof(options));

        // The answer's files arrive as uploads: an ask the upload rules forbid could never be answered.
        var uploads = _output.Host.Services.Options.Uploads;
        if (!uploads.Enabled)
        {
            throw new InvalidOperationException("A file ask needs uploads: ParleyOptions.Uploads.Enabled is false.");
        }

        if (options.MaxSizeMb * 1024L * 1024L > uploads.MaxFileBytes)
        {
            throw new ArgumentException($"MaxSizeMb ({options.MaxSizeMb} MB) is over the upload limit (Uploads.MaxFileBytes, {uploads.MaxFileBytes} bytes); raise that limit first.", nameof(options));
        }

        var ask = NewAsk(AskKind.File, question, options.Author, options.Timeout) with
        {
            Accept = options.Accept is { Count: > 0 } accept ? accept : null,
            MaxFiles = options.MaxFiles,
            MaxSizeMb = options.MaxSizeMb,
        };
        var final = await AskCoreAsync(ask, options.Timeout, cancellationToken);
        return new AskResult<IReadOnlyList<FileRef>>(final, final.Answer?.Files);
    }

    /// <summary>
    /// Shows a custom element (<c>public/elements/{component}.html</c>) and waits for the value it
    /// submits. No timeout by default.
    /// </summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="component">The element's component name.</param>
    /// <param name="props">The props handed to the element; default none.</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The submitted value.</returns>
    /// <exception cref="AskExpiredException">The ask expired.</exception>
    /// <exception cref="OperationCanceledException">The run was stopped.</exception>
    public async Task<JsonElement> AskElementAsync(string question, string component, JsonElement? props = null, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await TryAskElementAsync(question, component, props, options, cancellationToken);
        return result.IsAnswered ? result.Value : throw Expired(result.Ask);
    }

    /// <summary>Like <see cref="AskElementAsync"/>, but an expiry is a result, not an exception.</summary>
    /// <param name="question">The question, as markdown.</param>
    /// <param name="component">The element's component name.</param>
    /// <param name="props">The props handed to the element; default none.</param>
    /// <param name="options">Timeout and author. Default: no timeout.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<AskResult<JsonElement>> TryAskElementAsync(string question, string component, JsonElement? props = null, AskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(component);

        // The same checks as a custom element: a misspelt component would be an ask nobody can answer.
        var element = ChatElement.Custom(component, component, props);
        ElementValidation.Props(element, Services.GetRequiredService<CustomElementCatalog>());
        if (ElementJson.SizeOf(element.Props) > _output.Host.Services.Options.Elements.MaxPropsBytes)
        {
            throw new ArgumentException($"The element's props are larger than ElementOptions.MaxPropsBytes ({_output.Host.Services.Options.Elements.MaxPropsBytes} bytes).", nameof(props));
        }

        var ask = NewAsk(AskKind.Element, question, options?.Author, options?.Timeout) with
        {
            Element = new AskElement { Component = component, Props = props },
        };
        var final = await AskCoreAsync(ask, options?.Timeout, cancellationToken);
        return new AskResult<JsonElement>(final, final.Answer?.Value ?? default);
    }

    private static AskExpiredException Expired(AskItem ask) => new(ask.ExpiredReason switch
    {
        AskExpiredReason.SessionEnded => "The ask expired: the session ended before it was answered.",
        AskExpiredReason.Restarted => "The ask expired: the server restarted before it was answered.",
        _ => "The ask expired before it was answered.",
    })
    { Ask = ask };

    private AskItem NewAsk(AskKind kind, string question, string? author, TimeSpan? timeout)
    {
        var now = _output.Now;
        return new AskItem
        {
            Id = _output.NewItemId(),
            Kind = kind,
            Status = ItemStatus.Pending,
            CreatedAt = now,
            RunId = _output.Run.Id,
            ParentId = _output.CurrentStep.Value,
            Author = author ?? _output.AppName,
            Content = question,
            ExpiresAt = timeout is { } after ? now + after : null,
        };
    }

    private async Task<AskItem> AskCoreAsync(AskItem ask, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var token = Link(cancellationToken);
        var final = await _output.AskAsync(ask, timeout, token.Token);
        return final.Status == ItemStatus.Cancelled
            ? throw new OperationCanceledException("The ask was cancelled.", Aborted)
            : final;
    }
}
