namespace Parley.Hosting;

/// <summary>Options of elements (<see cref="ChatContext.SendElementAsync"/>), set through <see cref="ParleyOptions.Elements"/>.</summary>
public sealed class ElementOptions
{
    /// <summary>The largest element file (image, file, pdf, audio, video), in bytes. Default 50 MiB.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// The largest props of one element as JSON (text content, a Plotly figure, tasks, custom props),
    /// in bytes. Default 1 MiB.
    /// </summary>
    public int MaxPropsBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The folder of the app's custom elements (<c>{name}.html</c>), enumerated once at start-up.
    /// Default null: <c>{ContentRoot}/public/elements</c>. A missing folder means no custom elements.
    /// </summary>
    public string? ComponentsFolder { get; set; }
}
