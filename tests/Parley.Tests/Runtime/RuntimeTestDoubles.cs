using Microsoft.Extensions.DependencyInjection;
using Parley.Runtime;
using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

/// <summary>Stores, disposables and probes that the runtime regression tests share.</summary>
internal static class RuntimeTestDoubles
{
    public static ThreadHost? HostOf(RuntimeHarness harness, string threadId) =>
        harness.Services.GetRequiredService<ThreadHostRegistry>().FindLoaded(threadId);

    public static async Task<bool> CompletesWithin(Task task, int ms) => await Task.WhenAny(task, Task.Delay(ms)) == task;

    public sealed class ExplodingDisposable : IDisposable
    {
        public void Dispose() => throw new InvalidOperationException("dispose failed");
    }

    /// <summary>A store whose reads can be made slow or failing.</summary>
    public sealed class ControllableStore(IChatStore inner) : DelegatingChatStore(inner)
    {
        public volatile TaskCompletionSource? HoldGetThread;
        public volatile bool FailLastSeq;
        public volatile bool FailFindRun;

        public override async ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken)
        {
            if (HoldGetThread is { } hold)
            {
                await hold.Task;
            }

            return await base.GetThreadAsync(threadId, cancellationToken);
        }

        public override ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken) =>
            FailLastSeq ? throw new ChatStoreException("database is locked", isTransient: true) : base.GetLastSeqAsync(threadId, cancellationToken);

        public override ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
            FailFindRun ? throw new ChatStoreException("database is locked", isTransient: true) : base.FindRunByClientIdAsync(threadId, clientId, cancellationToken);
    }
}
