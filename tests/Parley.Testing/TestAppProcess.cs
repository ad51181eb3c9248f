using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Parley.Testing;

/// <summary>The test app as a separate process on a loopback port, so a test can kill it outright.</summary>
public sealed partial class TestAppProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 200;
    private const int SigTerm = 15;

    // What ASP.NET Core logs once Kestrel is bound (the test app writes it itself: it logs only warnings).
    private const string ListeningPrefix = "Now listening on: ";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private TestAppProcess(Process process, Uri baseAddress, ConcurrentQueue<string> output)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>Whether the process has exited (crashed or was killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The process id (for <see cref="ProcessMetrics"/>).</summary>
    public int Pid => _process.Id;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote to stdout and stderr, oldest first.</summary>
    public IReadOnlyList<string> RecentOutput => [.. _output];

    /// <summary>Starts the test app on <paramref name="dataDirectory"/> (SQLite, files, keys).</summary>
    /// <param name="dataDirectory">Where the app keeps its data; a restart on the same folder recovers it.</param>
    /// <param name="arguments">More command-line arguments for the test app (e.g. <c>--faults true</c>).</param>
    public static Task<TestAppProcess> StartAsync(string dataDirectory, params string[] arguments) =>
        StartAsync(AppPath(), ["--data", dataDirectory, .. arguments], "/healthz");

    /// <summary>
    /// Starts another web app's built dll (a sample) the same way: on a loopback port it picks and
    /// reports (<c>Now listening on: …</c>, as ASP.NET Core logs it at Information), with
    /// <paramref name="arguments"/> after <c>--urls</c>, ready once <paramref name="readyPath"/> answers 2xx.
    /// </summary>
    /// <param name="appPath">The app's dll (see <see cref="BuiltAppPath"/>).</param>
    /// <param name="arguments">More command-line arguments (e.g. <c>--contentRoot DIR</c>).</param>
    /// <param name="readyPath">A GET that succeeds once the app serves requests.</param>
    /// <param name="workingDirectory">The process's working directory; null: this process's.</param>
    public static async Task<TestAppProcess> StartAsync(string appPath, IEnumerable<string> arguments, string readyPath, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        // Port 0: the app binds a port the kernel picks and says which. Picking a free port here and
        // passing it on would race with every other process starting on this machine meanwhile.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appPath, "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the test app");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        void Received(string? line)
        {
            Keep(output, line);
            var at = line?.IndexOf(ListeningPrefix, StringComparison.Ordinal) ?? -1;
            if (at >= 0 && Uri.TryCreate(line![(at + ListeningPrefix.Length)..].Trim().TrimEnd('/') + "/", UriKind.Absolute, out var address))
            {
                listening.TrySetResult(address);
            }
        }

        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: on a 2-core CI box the app may start while Chromium and other test assemblies run.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!listening.Task.IsCompleted && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(listening.Task, Task.Delay(100));
        }

        if (!listening.Task.IsCompleted)
        {
            throw new InvalidOperationException($"The test app never said where it listens (exited: {process.HasExited}):\n" + string.Join('\n', output));
        }

        var app = new TestAppProcess(process, await listening.Task, output);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        while (true)
        {
            try
            {
                if ((await http.GetAsync(readyPath)).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The test app did not start (exited: {process.HasExited}):\n" + string.Join('\n', app.RecentOutput));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, no finally blocks, nothing flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as a container runtime or systemd stops a service: the host shuts down gracefully.
    /// Returns once the process exited, or false when it had not within <paramref name="timeout"/>.
    /// </summary>
    /// <param name="timeout">How long to wait for the exit.</param>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > OutputLinesKept && output.TryDequeue(out _))
        {
        }
    }

    private static string AppPath() => BuiltAppPath(Path.Combine("tests", "Parley.TestApp"), "Parley.TestApp");

    /// <summary>
    /// The dll of a project of this repository built with the same configuration and framework as the
    /// running tests: <c>{repo}/{projectDirectory}/bin/{Configuration}/{framework}/{assemblyName}.dll</c>.
    /// </summary>
    /// <param name="projectDirectory">The project's folder, relative to the repository root (e.g. <c>samples/Interview</c>).</param>
    /// <param name="assemblyName">The project's assembly name.</param>
    public static string BuiltAppPath(string projectDirectory, string assemblyName)
    {
        // tests/Parley.AspNetCore.Tests/bin/<Configuration>/net10.0 → {projectDirectory}/bin/<Configuration>/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var repository = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, projectDirectory, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first.", path);
    }
}
