using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Elements;
using Parley.Runtime;
using Parley.Storage;

namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>
    /// Sends an element: stores its bytes (if any) in the file store, owned by the thread's owner and
    /// served at <c>/api/files/{id}</c>, then adds an <c>element</c> item.
    /// </summary>
    /// <param name="element">What to show; see <see cref="ChatElement"/>'s factories.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The element item as added.</returns>
    /// <exception cref="ArgumentException">The element is not valid: its name, media type, size, props, or an unknown custom component.</exception>
    public async Task<ElementItem> SendElementAsync(ChatElement element, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var token = Link(cancellationToken);
        var item = await PrepareElementAsync(element, element.ForItemId, token.Token);
        return await _output.AddAsync(item, token.Token);
    }

    /// <summary>
    /// Replaces what an element shows (<c>item.updated</c>): a task list's tasks, a text's content, a
    /// custom element's props, a new image. The kind stays the same; the id, author and creation time
    /// are kept, and the element stays attached to its item unless <paramref name="element"/> names another.
    /// </summary>
    /// <param name="elementId">The element item's id.</param>
    /// <param name="element">The new description; its bytes, if any, are stored as a new file.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated element item.</returns>
    /// <exception cref="InvalidOperationException">There is no such element in the thread.</exception>
    /// <exception cref="ArgumentException">The kind differs, or the element is not valid.</exception>
    public async Task<ElementItem> UpdateElementAsync(string elementId, ChatElement element, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(elementId);
        ArgumentNullException.ThrowIfNull(element);
        using var token = Link(cancellationToken);
        var current = await ExistingElementAsync(elementId, token.Token);
        if (current.Kind != element.Kind)
        {
            throw new ArgumentException($"Element {elementId} is a {current.Kind} element; an update cannot make it a {element.Kind}.", nameof(element));
        }

        var next = await PrepareElementAsync(element, element.ForItemId ?? current.ForItemId, token.Token);
        var updated = await _output.UpdateAsync(
            elementId,
            item => item is ElementItem existing
                ? next with { Id = existing.Id, CreatedAt = existing.CreatedAt, RunId = existing.RunId, ParentId = existing.ParentId, Author = existing.Author, Metadata = existing.Metadata }
                : throw new InvalidOperationException($"Item {elementId} is not an element."),
            token.Token);
        return (ElementItem)updated;
    }

    /// <summary>
    /// Removes an element (<c>item.removed</c>). Its file stays in the store until the thread is deleted
    /// (a copy of its URL may still be in use elsewhere in the thread).
    /// </summary>
    /// <param name="elementId">The element item's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">There is no such element in the thread.</exception>
    public async Task RemoveElementAsync(string elementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(elementId);
        using var token = Link(cancellationToken);
        await ExistingElementAsync(elementId, token.Token);
        await _output.RemoveAsync(elementId, token.Token);
    }

    /// <summary>Validates a message's elements and stores their bytes, before the message is added.</summary>
    private async Task<IReadOnlyList<ElementItem>> PrepareAttachedElementsAsync(MessageOptions? options, string messageId, CancellationToken cancellationToken)
    {
        if (options?.Elements is not { Count: > 0 } elements)
        {
            return [];
        }

        var items = new List<ElementItem>(elements.Count);
        foreach (var element in elements)
        {
            ArgumentNullException.ThrowIfNull(element, nameof(options));
            items.Add(await PrepareElementAsync(element, messageId, cancellationToken));
        }

        return items;
    }

    private async Task AddAttachedElementsAsync(IReadOnlyList<ElementItem> elements, CancellationToken cancellationToken)
    {
        foreach (var element in elements)
        {
            await _output.AddAsync(element, cancellationToken);
        }
    }

    private async Task<ElementItem> ExistingElementAsync(string elementId, CancellationToken cancellationToken) =>
        await _output.Host.GetItemAsync(elementId, cancellationToken) as ElementItem
            ?? throw new InvalidOperationException($"There is no element {elementId} in this thread.");

    private async Task<ElementItem> PrepareElementAsync(ChatElement element, string? forItemId, CancellationToken cancellationToken)
    {
        var limits = _output.Host.Services.Options.Elements;
        var name = ElementValidation.Name(element.Name);
        if (forItemId is not null && !CommandValidation.IsPlausibleId(forItemId))
        {
            throw new ArgumentException("ForItemId is not an item id.", nameof(element));
        }

        if (!Enum.IsDefined(element.Display) || element.Size is { } size && !Enum.IsDefined(size))
        {
            throw new ArgumentException("Display or Size is not a defined value.", nameof(element));
        }

        if (ElementJson.SizeOf(element.Props) > limits.MaxPropsBytes)
        {
            throw new ArgumentException($"The element's props are larger than ElementOptions.MaxPropsBytes ({limits.MaxPropsBytes} bytes).", nameof(element));
        }

        ElementValidation.Props(element, Services.GetRequiredService<CustomElementCatalog>());
        string? mime = null;
        string? url = null;
        long stored = 0;
        if (element.Source is { } source)
        {
            mime = ElementValidation.Mime(element, name);
            var file = await SaveElementFileAsync(source, name, mime, limits.MaxFileBytes, cancellationToken);
            url = FileRecord.UrlOf(file.Id);
            stored = file.Size;
        }

        var item = new ElementItem
        {
            Id = _output.NewItemId(),
            Status = ItemStatus.Completed,
            CreatedAt = _output.Now,
            RunId = _output.Run.Id,
            ParentId = _output.CurrentStep.Value,
            Author = _output.AppName,
            Kind = element.Kind,
            Name = name,
            Display = element.Display,
            Size = element.Size switch { ElementSize.Small => "small", ElementSize.Medium => "medium", ElementSize.Large => "large", _ => null },
            Mime = mime,
            Url = url,
            ForItemId = forItemId,
            Props = element.Source is null ? element.Props : WithBytes(element.Props, stored),
        };
        RuntimeLog.ElementPrepared(_output.Host.Services.Logger, item.Id, element.Kind, _output.Host.ThreadId, stored);
        return item;
    }

    /// <summary>A file element's props carry the size of its bytes (<c>bytes</c>), for the UI to show.</summary>
    private static Dictionary<string, JsonElement> WithBytes(IReadOnlyDictionary<string, JsonElement> props, long bytes)
    {
        var with = new Dictionary<string, JsonElement>(props, StringComparer.Ordinal);
        with["bytes"] = ElementJson.Object(w => w.WriteNumber("bytes", bytes))["bytes"];
        return with;
    }

    private async Task<FileRecord> SaveElementFileAsync(ElementSource source, string name, string mime, long maxBytes, CancellationToken cancellationToken)
    {
        if (source.KnownLength > maxBytes)
        {
            throw new ArgumentException($"The element's bytes are larger than ElementOptions.MaxFileBytes ({maxBytes} bytes).", nameof(source));
        }

        var services = _output.Host.Services;
        var record = new FileRecord
        {
            Id = services.Ids.NewFileId(),
            OwnerId = User.Id,
            ThreadId = _output.Host.ThreadId,
            Name = name,
            Mime = mime,
            CreatedAt = _output.Now,
        };
        await using var content = source.Open();
        await using var limited = new LimitedReadStream(content, maxBytes);
        return await services.Files.SaveAsync(record, limited, cancellationToken);
    }
}
