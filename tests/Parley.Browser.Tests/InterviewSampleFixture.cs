using Microsoft.Playwright;
using Parley.Testing;

namespace Parley.Browser.Tests;

/// <summary>
/// The Interview sample (samples/Interview) as its own process, and a headless Chromium for it. The
/// sample keeps its SQLite database, files and keys under <c>{ContentRoot}/.parley</c> and its custom
/// elements in <c>{ContentRoot}/public/elements</c> (its defaults): the content root is a temporary
/// folder with a copy of the sample's <c>public</c> folder, so nothing is written into the repository.
/// </summary>
public sealed class InterviewSampleFixture : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("parley-interview-").FullName;

    public TestAppProcess App { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dll = TestAppProcess.BuiltAppPath(Path.Combine("samples", "Interview"), "Interview");
        // samples/Interview/bin/<Configuration>/<framework>/Interview.dll → samples/Interview
        var project = new FileInfo(dll).Directory!.Parent!.Parent!.Parent!.FullName;
        CopyFolder(Path.Combine(project, "public"), Path.Combine(_contentRoot, "public"));

        App = await TestAppProcess.StartAsync(dll, ["--contentRoot", _contentRoot], "/api/app", _contentRoot);
        (Playwright, Browser) = await HeadlessChromium.LaunchAsync();

        // A slow shared machine: generous waits, and one conversation before any test (JIT, SQLite,
        // Chromium's first page) so no test's timing includes the warm-up.
        Assertions.SetDefaultExpectTimeout(15_000);
        var warmUp = await NewPageAsync();
        await warmUp.Page.GetByRole(AriaRole.Button, new() { Name = "What is this study?" }).ClickAsync(new() { Timeout = 60_000 });
        await warmUp.WaitForReplyAsync("What is this study about?", "completed", 60_000);
        await warmUp.Page.Context.CloseAsync();
    }

    /// <summary>A new browser (context) and page, as a new participant.</summary>
    public Task<ChatPage> NewPageAsync(int width = 1200, int height = 900) =>
        HeadlessChromium.NewChatPageAsync(Browser, App.BaseAddress, width, height);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

/// <summary>
/// Not run in parallel with the other browser tests: two apps and two Chromiums at once are too much
/// for a 2-core machine (xunit runs this collection on its own, after the parallel ones).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InterviewSampleBrowserTests : ICollectionFixture<InterviewSampleFixture>
{
    public const string Name = "interview-sample";
}
