using System.Text.Json;

namespace Parley;

/// <summary>The custom element an <see cref="AskKind.Element"/> ask shows; it answers by submitting a value.</summary>
public sealed record AskElement
{
    /// <summary>The component's name: a file <c>public/elements/{Component}.html</c> of the app.</summary>
    public required string Component { get; init; }

    /// <summary>The props handed to the component. Null (the default) means none.</summary>
    public JsonElement? Props { get; init; }
}
