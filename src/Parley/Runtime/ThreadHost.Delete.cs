namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>Deletes the thread: ends its session (OnChatEnd with <see cref="ChatEndReason.Deleted"/>), then removes everything.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken))
        {
            if (IsDeleted)
            {
                return;
            }

            MarkDeleted();
        }

        if (InOwnSessionHook)
        {
            // The thread is gone for every command already; its end waits for this hook, so the end
            // and the removal follow once the hook has returned.
            _ = RunDetached(async () =>
            {
                try
                {
                    await RemoveAsync();
                }
                catch (Exception ex)
                {
                    RuntimeLog.RemoveAfterHookFailed(Services.Logger, ThreadId, ex);
                }
            });
            return;
        }

        await RemoveAsync();
    }

    private async Task RemoveAsync()
    {
        await EndSessionAsync(ChatEndReason.Deleted);
        using (await LockHealthyAsync(CancellationToken.None))
        {
            await DurableAsync(await Log.DeleteThreadAsync(CancellationToken.None));
            await DeleteFilesAsync();
            foreach (var subscription in Hub.Snapshot())
            {
                Hub.Remove(subscription);
                subscription.Close(DisconnectReason.SessionEnded);
            }
        }

        Registry.Forget(this);
    }
}
