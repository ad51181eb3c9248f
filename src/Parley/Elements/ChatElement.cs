using System.Text.Json;

namespace Parley;

/// <summary>
/// What an element shows, built with the static factories (<see cref="Image"/>, <see cref="File"/>,
/// <see cref="Pdf"/>, <see cref="Audio"/>, <see cref="Video"/>, <see cref="Text"/>, <see cref="Plotly(string, JsonElement)"/>,
/// <see cref="TaskList"/>, <see cref="Custom"/>) and sent with <see cref="ChatContext.SendElementAsync"/>
/// or attached to a message with <see cref="MessageOptions.Elements"/>. Change where it shows with
/// <c>with { Display = ElementDisplay.Side }</c>.
/// </summary>
public sealed record ChatElement
{
    private ChatElement(ElementKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>How the element renders.</summary>
    public ElementKind Kind { get; }

    /// <summary>The element's name: its caption, link text or file name (1–200 characters).</summary>
    public string Name { get; init; }

    /// <summary>Where it is shown. Default <see cref="ElementDisplay.Inline"/>.</summary>
    public ElementDisplay Display { get; init; } = ElementDisplay.Inline;

    /// <summary>How large an image is shown. Default null (the UI's medium size).</summary>
    public ElementSize? Size { get; init; }

    /// <summary>
    /// The media type of the bytes. Default: from the name's extension (or the source file's), else
    /// <c>application/octet-stream</c> for a file.
    /// </summary>
    public string? Mime { get; init; }

    /// <summary>The message (or other item) the element belongs to. Default none: a standalone element.</summary>
    public string? ForItemId { get; init; }

    /// <summary>The bytes, for image, file, pdf, audio and video; null for the others.</summary>
    public ElementSource? Source { get; private init; }

    /// <summary>The kind-specific properties as they go on the wire.</summary>
    public IReadOnlyDictionary<string, JsonElement> Props { get; private init; } = new Dictionary<string, JsonElement>();

    /// <summary>An image (PNG, JPEG, GIF or WebP), shown as a thumbnail that enlarges on a click.</summary>
    /// <param name="name">The caption.</param>
    /// <param name="source">The bytes.</param>
    /// <param name="size">The size shown. Default <see cref="ElementSize.Medium"/>.</param>
    public static ChatElement Image(string name, ElementSource source, ElementSize size = ElementSize.Medium) =>
        WithSource(ElementKind.Image, name, source) with { Size = size };

    /// <summary>A file to download, shown as a chip with its name and size.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="source">The bytes.</param>
    /// <param name="mime">The media type. Default from the name's extension, else <c>application/octet-stream</c>.</param>
    public static ChatElement File(string name, ElementSource source, string? mime = null) =>
        WithSource(ElementKind.File, name, source) with { Mime = mime };

    /// <summary>A PDF document, shown in an embedded viewer with a link.</summary>
    /// <param name="name">The document's name.</param>
    /// <param name="source">The bytes.</param>
    public static ChatElement Pdf(string name, ElementSource source) =>
        WithSource(ElementKind.Pdf, name, source) with { Mime = "application/pdf" };

    /// <summary>An audio clip with player controls.</summary>
    /// <param name="name">The caption.</param>
    /// <param name="source">The bytes.</param>
    /// <param name="mime">An <c>audio/*</c> type. Default from the name's extension.</param>
    public static ChatElement Audio(string name, ElementSource source, string? mime = null) =>
        WithSource(ElementKind.Audio, name, source) with { Mime = mime };

    /// <summary>A video clip with player controls.</summary>
    /// <param name="name">The caption.</param>
    /// <param name="source">The bytes.</param>
    /// <param name="mime">A <c>video/*</c> type. Default from the name's extension.</param>
    public static ChatElement Video(string name, ElementSource source, string? mime = null) =>
        WithSource(ElementKind.Video, name, source) with { Mime = mime };

    /// <summary>A block of text or code, highlighted when a language is given.</summary>
    /// <param name="name">The caption.</param>
    /// <param name="content">The text.</param>
    /// <param name="language">A highlighting language such as <c>csharp</c> or <c>json</c>. Default none.</param>
    public static ChatElement Text(string name, string content, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ChatElement(ElementKind.Text, name)
        {
            Props = ElementJson.Object(w =>
            {
                w.WriteString("content", content);
                if (language is not null)
                {
                    w.WriteString("language", language);
                }
            }),
        };
    }

    /// <summary>A Plotly chart.</summary>
    /// <param name="name">The caption.</param>
    /// <param name="figure">The figure JSON: an object with a <c>data</c> array of traces and an optional <c>layout</c>.</param>
    public static ChatElement Plotly(string name, JsonElement figure)
    {
        if (figure.ValueKind != JsonValueKind.Object || !figure.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException("A figure is an object with a \"data\" array.", nameof(figure));
        }

        var copy = figure.Clone();
        return new ChatElement(ElementKind.Plotly, name) { Props = ElementJson.Object(w => { w.WritePropertyName("figure"); copy.WriteTo(w); }) };
    }

    /// <summary>A Plotly chart from figure JSON text (for example Plotly's <c>fig.to_json()</c>).</summary>
    /// <param name="name">The caption.</param>
    /// <param name="figureJson">The figure as JSON text.</param>
    public static ChatElement Plotly(string name, string figureJson)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        using var document = JsonDocument.Parse(figureJson);
        return Plotly(name, document.RootElement);
    }

    /// <summary>A task list (a checklist with a status per task); update it as the work progresses.</summary>
    /// <param name="name">The list's title.</param>
    /// <param name="tasks">The tasks, in order.</param>
    /// <param name="status">A status line shown with the list, such as "Running 2/3". Default none.</param>
    public static ChatElement TaskList(string name, IEnumerable<ElementTask> tasks, string? status = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = tasks.ToList();
        foreach (var task in list)
        {
            ArgumentNullException.ThrowIfNull(task, nameof(tasks));
            if (string.IsNullOrWhiteSpace(task.Title) || task.Title.Length > 500)
            {
                throw new ArgumentException("A task's title is 1–500 characters.", nameof(tasks));
            }
        }

        return new ChatElement(ElementKind.TaskList, name)
        {
            Props = ElementJson.Object(w =>
            {
                w.WriteStartArray("tasks");
                foreach (var task in list)
                {
                    w.WriteStartObject();
                    w.WriteString("title", task.Title);
                    w.WriteString("status", ElementJson.StatusName(task.Status));
                    if (task.ForItemId is not null)
                    {
                        w.WriteString("forItemId", task.ForItemId);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (status is not null)
                {
                    w.WriteString("status", status);
                }
            }),
        };
    }

    /// <summary>
    /// A custom component: the app's <c>public/elements/{component}.html</c>, shown in a sandboxed
    /// frame that receives <paramref name="props"/> (and later updates of them).
    /// </summary>
    /// <param name="name">The element's name.</param>
    /// <param name="component">The component's name (its file name without <c>.html</c>).</param>
    /// <param name="props">The component's props: a JSON object. Default <c>{}</c>.</param>
    public static ChatElement Custom(string name, string component, JsonElement? props = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        if (props is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("A custom element's props are a JSON object.", nameof(props));
        }

        var copy = props?.Clone();
        return new ChatElement(ElementKind.Custom, name)
        {
            Props = ElementJson.Object(w =>
            {
                w.WriteString("component", component);
                w.WritePropertyName("props");
                if (copy is { } value)
                {
                    value.WriteTo(w);
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteEndObject();
                }
            }),
        };
    }

    private static ChatElement WithSource(ElementKind kind, string name, ElementSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ChatElement(kind, name) { Source = source };
    }
}
