using System.Collections.Concurrent;

namespace Parley.Testing;

/// <summary>Records which app hooks ran, in order, so tests can check the lifecycle.</summary>
public sealed class HookRecorder
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public void Record(string hook) => _calls.Enqueue(hook);

    public int Count(string hook) => _calls.Count(c => c == hook);

    /// <summary>Waits until <paramref name="hook"/> was recorded at least <paramref name="times"/> times.</summary>
    public async Task WaitForAsync(string hook, int times = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Count(hook) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{hook} was recorded {Count(hook)} times, expected {times}. Calls: {string.Join(", ", Calls)}");
            }

            await Task.Delay(5);
        }
    }
}
