using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Parley.Bench.Load;

/// <summary>The bench server as a separate process, so its memory and CPU are measured on their own.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;
    private readonly bool _external;

    private ServerProcess(Process process, Uri baseAddress, string data, bool external = false)
    {
        _process = process;
        _external = external;
        BaseAddress = baseAddress;
        _data = data;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// Starts the bench server, or — when <c>PARLEY_BENCH_URL</c> and <c>PARLEY_BENCH_PID</c> are set —
    /// uses one already running (to attach a profiler to it).
    /// </summary>
    public static async Task<ServerProcess> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("PARLEY_BENCH_URL") is { } url &&
            int.TryParse(Environment.GetEnvironmentVariable("PARLEY_BENCH_PID"), CultureInfo.InvariantCulture, out var pid))
        {
            return new ServerProcess(Process.GetProcessById(pid), new Uri(url), Path.Combine(Path.GetTempPath(), "parley-bench-external"), external: true);
        }

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.FullName, "Parley.Bench.Server", "bin", here.Parent.Name, here.Name, "Parley.Bench.Server.dll");
        var data = Directory.CreateTempSubdirectory("parley-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--data", data })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[server] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), data);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The bench server did not start.");
    }

    /// <summary>Resident memory of the server process, in bytes (Linux /proc).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>CPU time the server has used so far (user + system).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (_external)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
