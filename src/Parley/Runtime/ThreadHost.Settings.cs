using System.Text.Json;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// Merges the user's setting values (validated against the thread's schema; a refusal changes
    /// nothing and begins no session), stores them with <c>thread.updated</c> and queues a settings run
    /// in the same write. Values equal to the current ones change nothing and start no run.
    /// </summary>
    public async Task<ThreadInfo> UpdateSettingsAsync(ChatUser user, IReadOnlyDictionary<string, JsonElement> values, CancellationToken cancellationToken)
    {
        using (await LockHealthyAsync(cancellationToken))
        {
            var (_, changed) = MergeSettings(values);
            if (changed.Count == 0)
            {
                return Thread.ToInfo();
            }
        }

        var (gate, _) = await LockSessionAsync(user, cancellationToken);
        using (gate)
        {
            // Checked again: the schema may have changed while the session began.
            var (merged, changed) = MergeSettings(values);
            if (changed.Count == 0)
            {
                return Thread.ToInfo();
            }

            var now = Now;
            var thread = Thread with { Settings = merged, UpdatedAt = now };
            var record = NewRunRecord(RunTrigger.Settings) with { SettingsChanged = changed };
            var durable = await AppendAsync(new ThreadUpdatedEvent { ThreadId = ThreadId, At = now, Thread = thread.ToInfo() }, record, thread, cancellationToken: CancellationToken.None);
            await DurableAsync(durable);
            Runs.Enqueue(new RunState(record, user, serverHandler: null) { Persisted = true });
            RuntimeLog.SettingsChanged(Services.Logger, ThreadId, changed.Count, record.Id);
            return thread.ToInfo();
        }
    }

    /// <summary>
    /// Replaces the thread's settings schema (<c>thread.updated</c>): kept values that still fit stay,
    /// the others become their widget's initial value. Starts no run.
    /// </summary>
    public async Task<ThreadInfo> SetSettingsSchemaAsync(IReadOnlyList<ChatSetting> schema, string? runId, CancellationToken cancellationToken)
    {
        using (await LockHealthyAsync(cancellationToken))
        {
            var now = Now;
            var thread = Thread with
            {
                SettingsSchema = schema.Count == 0 ? null : schema,
                Settings = schema.Count == 0 ? null : SettingsSchema.Effective(schema, Thread.Settings),
                UpdatedAt = now,
            };
            var durable = await AppendAsync(new ThreadUpdatedEvent { ThreadId = ThreadId, RunId = runId, At = now, Thread = thread.ToInfo() }, thread: thread, cancellationToken: CancellationToken.None);
            await DurableAsync(durable);
            return thread.ToInfo();
        }
    }

    private (Dictionary<string, JsonElement> Values, List<string> Changed) MergeSettings(IReadOnlyDictionary<string, JsonElement> values)
    {
        var schema = Thread.SettingsSchema;
        if (schema is null or { Count: 0 })
        {
            throw ChatCommandException.Invalid("values", "This chat has no settings.");
        }

        return SettingsSchema.Merge(schema, Thread.Settings, values);
    }
}
