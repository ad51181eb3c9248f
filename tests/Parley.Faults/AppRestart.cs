using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Restarts the test app on the same folder and makes sure the process answering is the new one.
/// <see cref="TestAppProcess"/> picks a free port and then starts the app on it; on a machine where
/// other test apps start all the time another one can take the port in between, answer the health
/// check, and our process exits for want of its port: the checks would then talk to someone else's
/// server. A thread known to exist tells them apart.
/// </summary>
internal static class AppRestart
{
    private const int Attempts = 3;

    public static async Task<TestAppProcess> StartAsync(string dataDirectory, ParleyClient previous, string knownThreadId, ITestOutputHelper output)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = await TestAppProcess.StartAsync(dataDirectory);
            using (var probe = ProcessKillFaultTests.WithCookiesOf(previous, app.BaseAddress))
            using (var answer = await probe.Http.GetAsync(new Uri($"/api/threads/{knownThreadId}", UriKind.Relative)))
            {
                if (answer.IsSuccessStatusCode || attempt == Attempts || !await ExitsAsync(app))
                {
                    // Ours (when the thread is missing from our own process, the checks report it).
                    return app;
                }
            }

            output.WriteLine($"restart attempt {attempt}: another process answered on the port and ours exited ({string.Join(" | ", app.RecentOutput.TakeLast(2))}); starting again");
            await app.DisposeAsync();
        }
    }

    private static async Task<bool> ExitsAsync(TestAppProcess app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!app.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return app.HasExited;
    }
}
