using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Parley.Elements;

/// <summary>
/// The app's custom element components: every <c>{name}.html</c> directly in the components folder,
/// read once when the catalog is built (at start-up). Components are served from here by name only —
/// a request never becomes a file path.
/// </summary>
/// <remarks>Thread-safe (immutable).</remarks>
public sealed partial class CustomElementCatalog
{
    /// <summary>The largest component file that is loaded, in bytes: 1 MiB.</summary>
    public const int MaxComponentBytes = 1024 * 1024;

    private readonly FrozenDictionary<string, string> _components;

    /// <summary>Reads the components of <paramref name="folder"/>; a missing folder gives an empty catalog.</summary>
    /// <param name="folder">The folder to enumerate (not recursive).</param>
    public CustomElementCatalog(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        var components = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(Folder))
        {
            foreach (var path in Directory.EnumerateFiles(Folder, "*.html", SearchOption.TopDirectoryOnly))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (IsValidName(name) && path.EndsWith(".html", StringComparison.Ordinal) && new FileInfo(path).Length <= MaxComponentBytes)
                {
                    components[name] = File.ReadAllText(path);
                }
            }
        }

        _components = components.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The folder the components were read from.</summary>
    public string Folder { get; }

    /// <summary>The components' names.</summary>
    public IReadOnlyCollection<string> Names => _components.Keys;

    /// <summary>Whether a component of that name exists.</summary>
    /// <param name="name">The component's name.</param>
    public bool Contains(string name) => name is not null && _components.ContainsKey(name);

    /// <summary>Gets a component's HTML.</summary>
    /// <param name="name">The component's name.</param>
    /// <param name="html">Its HTML, when it exists.</param>
    public bool TryGetHtml(string name, out string html)
    {
        if (name is not null && _components.TryGetValue(name, out var found))
        {
            html = found;
            return true;
        }

        html = "";
        return false;
    }

    /// <summary>Whether <paramref name="name"/> is a valid component name: <c>[A-Za-z][A-Za-z0-9_-]*</c>, at most 64 characters.</summary>
    /// <param name="name">The name.</param>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= 64 } && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
