using System.Text;
using System.Text.Json;
using Parley.Storage;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    private const int ThreadNameLength = 60;

    /// <summary>
    /// Accepts a user message: stores it with its queued run in one transaction, answers once it is
    /// durable, and queues the run. The same client id again returns the first result.
    /// </summary>
    public async Task<MessageAccepted> PostMessageAsync(ChatUser user, string clientId, string content, string? command, CancellationToken cancellationToken, IReadOnlyList<FileRef>? attachments = null)
    {
        attachments ??= [];
        var (gate, _) = await LockSessionAsync(user, cancellationToken);
        using (gate)
        {
            if (await Services.Store.FindRunByClientIdAsync(ThreadId, clientId, cancellationToken) is { } existing)
            {
                var first = await AcceptedAsync(existing, clientId, cancellationToken);
                if (existing.Status == RunStatus.Queued && Runs.Find(existing.Id) is null)
                {
                    // The first attempt was durable although its answer was an error (a commit that
                    // succeeded as it timed out): queue its run now, so it runs in this session.
                    Runs.Enqueue(new RunState(existing, user, serverHandler: null) { Persisted = true });
                }

                return first;
            }

            var now = Now;
            var item = new UserMessage
            {
                Id = Services.Ids.NewItemId(),
                Status = ItemStatus.Completed,
                CreatedAt = now,
                Author = user.DisplayName,
                Content = content,
                ClientId = clientId,
                Command = command,
                Attachments = attachments,
            };
            var record = NewRunRecord(RunTrigger.Message, clientId, item.Id);
            var queued = Runs.IsBusy;
            var named = Thread.Name is null;
            var thread = Thread with { Name = named ? NameFrom(content.Length == 0 && attachments.Count > 0 ? attachments[0].Name : content) : Thread.Name, UpdatedAt = now };

            // From here on the request's token no longer applies: a half-written command would be worse.
            var added = await AppendAsync(new ItemAddedEvent { ThreadId = ThreadId, At = now, Item = item }, record, thread, cancellationToken: CancellationToken.None);
            var renamed = named
                ? await AppendAsync(new ThreadUpdatedEvent { ThreadId = ThreadId, At = now, Thread = thread.ToInfo() }, cancellationToken: CancellationToken.None)
                : Task.CompletedTask;
            await DurableAsync(added, renamed);
            RuntimeLog.MessageContent(Services.Logger, item.Id, ThreadId, content);
            Runs.Enqueue(new RunState(record, user, serverHandler: null) { Persisted = true });
            return new MessageAccepted(item, record.Id, queued);
        }
    }

    /// <summary>Expires an ask whose timeout elapsed, unless it was answered meanwhile.</summary>
    public async Task ExpireAskAsync(string itemId)
    {
        AskItem expired;
        try
        {
            using (await LockHealthyAsync(CancellationToken.None))
            {
                if (!Log.TryGetOpen(itemId, out var open) || open.Item is not AskItem { Status: ItemStatus.Pending } ask)
                {
                    return;
                }

                expired = (AskItem)ask.Close(ItemStatus.Expired, Now) with { ExpiredReason = AskExpiredReason.Timeout };
                await await AppendAsync(new ItemUpdatedEvent { ThreadId = ThreadId, RunId = ask.RunId, At = Now, Item = expired });
            }
        }
        catch (Exception ex)
        {
            // The ask stays pending; the run's finish closes it in any case.
            RuntimeLog.HookFailed(Services.Logger, "ask timeout", ThreadId, ex);
            return;
        }

        Asks.Complete(expired);
    }

    /// <summary>Stops the active run (or reports on <paramref name="runId"/>). Idempotent.</summary>
    public async Task<StopResult> StopAsync(string? runId, CancellationToken cancellationToken)
    {
        RunState active;
        using (await LockAsync(cancellationToken))
        {
            if (runId is not null && Runs.Active?.Id != runId)
            {
                if (Runs.Find(runId) is not null)
                {
                    return new StopResult(runId, StopResult.Queued);
                }

                var record = await Services.Store.GetRunAsync(runId, cancellationToken);
                return record is null || record.ThreadId != ThreadId
                    ? throw new ChatCommandException(ChatErrorCodes.RunNotFound, "The run does not exist in this thread.")
                    : new StopResult(runId, StatusText(record.Status));
            }

            if (Runs.Active is not { } current)
            {
                return Runs.LastFinished is { } last ? new StopResult(last.RunId, StatusText(last.Status)) : new StopResult(null, StopResult.Idle);
            }

            if (!current.Record.AllowCancel)
            {
                throw new ChatCommandException(ChatErrorCodes.RunNotCancellable, "This reply cannot be stopped.");
            }

            active = current;
        }

        // Outside the gate: cancellation callbacks run synchronously and must never wait for it.
        return active.HandlerDone || !active.TryCancel(RunEndCause.Stop) && active.Cause != RunEndCause.Stop
            ? new StopResult(active.Id, StopResult.Finishing)
            : new StopResult(active.Id, StopResult.Cancelling);
    }

    /// <summary>Retries a failed or interrupted run that allows it: its input is handled again by a new run.</summary>
    public async Task<RetryAccepted> RetryAsync(ChatUser user, string clientId, string itemId, CancellationToken cancellationToken)
    {
        // Checked before the session begins, so a refused retry changes nothing (no resume run).
        using (await LockHealthyAsync(cancellationToken))
        {
            if (await FindRetryAsync(clientId, cancellationToken) is { } existing)
            {
                return existing;
            }

            await RetryableRunAsync(itemId, cancellationToken);
        }

        var (gate, _) = await LockSessionAsync(user, cancellationToken);
        using (gate)
        {
            if (await FindRetryAsync(clientId, cancellationToken) is { } existing)
            {
                return existing;
            }

            var failed = await RetryableRunAsync(itemId, cancellationToken);
            var retry = NewRunRecord(RunTrigger.Retry, clientId, failed.InputItemId) with
            {
                RetryOf = failed.Id,
                RetryTrigger = failed.RetryTrigger ?? failed.Trigger,
                ActionId = failed.ActionId,
                ActionItemId = failed.ActionItemId,
                Action = failed.Action,
                Audio = failed.Audio,
                SettingsChanged = failed.SettingsChanged,
            };
            var queued = Runs.IsBusy;
            await DurableAsync(await Log.WriteRecordsAsync([retry, failed with { RetriedBy = retry.Id }], thread: null, CancellationToken.None));
            Runs.Enqueue(new RunState(retry, user, serverHandler: null) { Persisted = true });
            return new RetryAccepted(retry.Id, queued);
        }
    }

    private async Task<RetryAccepted?> FindRetryAsync(string clientId, CancellationToken cancellationToken) =>
        await Services.Store.FindRunByClientIdAsync(ThreadId, clientId, cancellationToken) switch
        {
            null => null,
            { Trigger: RunTrigger.Retry } existing => new RetryAccepted(existing.Id, existing.Status == RunStatus.Queued),
            _ => throw ChatCommandException.Invalid("clientId", "This clientId was already used for another command."),
        };

    private async Task<RunRecord> RetryableRunAsync(string itemId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(itemId, cancellationToken)
            ?? throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        var failed = item.RunId is { } failedRunId ? await Services.Store.GetRunAsync(failedRunId, cancellationToken) : null;
        return failed is { Status: RunStatus.Failed or RunStatus.Interrupted, Error.AllowRetry: true, RetriedBy: null }
            ? failed
            : throw new ChatCommandException(ChatErrorCodes.RetryNotAllowed, "Only a failed reply that allows it can be retried, once.");
    }

    /// <summary>Renames the thread or replaces its metadata (<c>thread.updated</c>).</summary>
    public async Task<ThreadInfo> UpdateThreadAsync(string? name, IReadOnlyDictionary<string, JsonElement>? metadata, string? runId, CancellationToken cancellationToken)
    {
        using (await LockHealthyAsync(cancellationToken))
        {
            var now = Now;
            var thread = Thread with { Name = name ?? Thread.Name, Metadata = metadata ?? Thread.Metadata, UpdatedAt = now };
            var durable = await AppendAsync(new ThreadUpdatedEvent { ThreadId = ThreadId, RunId = runId, At = now, Thread = thread.ToInfo() }, thread: thread, cancellationToken: CancellationToken.None);
            await DurableAsync(durable);
            return thread.ToInfo();
        }
    }

    /// <summary>
    /// Rates a finished assistant message: the rating goes into its metadata (<c>feedback</c>) with an
    /// <c>item.updated</c>, so every client sees it, now and after a reload. A value of 0 removes it.
    /// </summary>
    public async Task<ChatItem> SetFeedbackAsync(string itemId, int value, string? comment, CancellationToken cancellationToken)
    {
        using (await LockHealthyAsync(cancellationToken))
        {
            var item = await GetItemAsync(itemId, cancellationToken)
                ?? throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
            if (item is not AssistantMessage || item.Status.IsOpen())
            {
                throw ChatCommandException.Invalid("itemId", "Only a finished reply can be rated.");
            }

            var metadata = item.Metadata is null
                ? new Dictionary<string, JsonElement>(StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>(item.Metadata, StringComparer.Ordinal);
            if (value == 0)
            {
                metadata.Remove("feedback");
            }
            else
            {
                metadata["feedback"] = JsonSerializer.SerializeToElement(new Feedback(value, comment, Now), Serialization.ParleyJsonContext.Default.Feedback);
            }

            var rated = item with { Metadata = metadata };
            var durable = await AppendAsync(new ItemUpdatedEvent { ThreadId = ThreadId, RunId = item.RunId, At = Now, Item = rated }, cancellationToken: CancellationToken.None);
            await DurableAsync(durable);
            return rated;
        }
    }

    private async Task<MessageAccepted> AcceptedAsync(RunRecord existing, string clientId, CancellationToken cancellationToken)
    {
        if (existing.Trigger != RunTrigger.Message ||
            await Services.Store.FindMessageByClientIdAsync(ThreadId, clientId, cancellationToken) is not { } message)
        {
            throw ChatCommandException.Invalid("clientId", "This clientId was already used for another command.");
        }

        return new MessageAccepted(message, existing.Id, existing.Status == RunStatus.Queued);
    }

    private async Task<AskItem> AlreadySettledAskAsync(string itemId, string? clientId, CancellationToken cancellationToken)
    {
        var item = await Services.Store.GetItemAsync(ThreadId, itemId, cancellationToken);
        return item switch
        {
            null => throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread."),
            AskItem { Status: ItemStatus.Answered, Answer.ClientId: { } first } same when clientId is not null && first == clientId => same,
            AskItem => throw new ChatCommandException(ChatErrorCodes.AskNotPending, "This question was already answered, expired or cancelled."),
            _ => throw ChatCommandException.Invalid("itemId", "The item is not a question."),
        };
    }

    /// <summary>Awaits durability; a store failure becomes a 503-style refusal (nothing was changed).</summary>
    private static async Task DurableAsync(params Task[] writes)
    {
        try
        {
            await Task.WhenAll(writes);
        }
        catch (ChatStoreException ex)
        {
            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be saved right now. Please try again shortly.", ex);
        }
    }

    private static string StatusText(RunStatus status) =>
        JsonSerializer.Serialize(status, Serialization.ParleyJsonContext.Default.RunStatus).Trim('"');

    private static string NameFrom(string content)
    {
        var name = new StringBuilder(ThreadNameLength + 1);
        var space = false;
        foreach (var c in content.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = name.Length > 0;
                continue;
            }

            if (space)
            {
                name.Append(' ');
                space = false;
            }

            name.Append(c);
            if (name.Length >= ThreadNameLength)
            {
                return name.Append('…').ToString();
            }
        }

        return name.Length == 0 ? "New chat" : name.ToString();
    }
}
