namespace Parley.Testing;

/// <summary>A folder of stub custom element components (<c>DatePicker</c>, <c>Picker</c>) for tests that ask with an element.</summary>
public static class TestComponents
{
    private static readonly Lazy<string> Created = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("parley-components-").FullName;
        foreach (var name in new[] { "DatePicker", "Picker" })
        {
            File.WriteAllText(Path.Combine(folder, name + ".html"), "<!doctype html><script src=\"_runtime.js\"></script><p>" + name + "</p>");
        }

        return folder;
    });

    /// <summary>The folder; created on first use, for the test process's lifetime.</summary>
    public static string Folder => Created.Value;
}
