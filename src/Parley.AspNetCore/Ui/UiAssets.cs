using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Parley.AspNetCore.Ui;

/// <summary>
/// The web UI's files, built by the .NET build (npm + Vite) and embedded in this assembly, loaded once
/// into memory (a few hundred KiB) with their content types and ETags.
/// </summary>
/// <remarks>Immutable after construction; thread-safe.</remarks>
internal sealed class UiAssets
{
    private const string Prefix = "ParleyUi/";

    private UiAssets(FrozenDictionary<string, UiAsset> files) => Files = files;

    public FrozenDictionary<string, UiAsset> Files { get; }

    public bool IsAvailable => Files.ContainsKey("index.html");

    public static UiAssets Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            // Resource names keep the build machine's path separator.
            var path = name[Prefix.Length..].Replace('\\', '/');
            var bytes = Read(assembly, name);
            var type = types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json")
            {
                type += "; charset=utf-8";
            }

            files[path] = new UiAsset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }

        return new UiAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
