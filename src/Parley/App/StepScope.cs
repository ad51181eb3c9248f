using Parley.Runtime;

namespace Parley;

/// <summary>
/// A step being executed. Stream its output or set it, then complete or fail it; disposing completes
/// it unless the run is being stopped (then the stop finishes it as cancelled).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class StepScope : IAsyncDisposable
{
    private readonly ChatContext _chat;
    private readonly RunOutput _output;
    private readonly string? _parentId;
    private int _disposed;
    private int _finished;

    internal StepScope(ChatContext chat, RunOutput output, string itemId, string? parentId)
    {
        _chat = chat;
        _output = output;
        _parentId = parentId;
        ItemId = itemId;
    }

    /// <summary>The step's item id.</summary>
    public string ItemId { get; }

    /// <summary>Appends streamed text to the step's output.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public ValueTask AppendOutputAsync(string text, CancellationToken cancellationToken = default) =>
        AppendAsync(ItemField.Output, text, cancellationToken);

    /// <summary>Appends streamed text to the step's input.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public ValueTask AppendInputAsync(string text, CancellationToken cancellationToken = default) =>
        AppendAsync(ItemField.Input, text, cancellationToken);

    /// <summary>Completes the step, optionally replacing its output.</summary>
    /// <param name="output">The final output; null keeps what was streamed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task CompleteAsync(string? output = null, CancellationToken cancellationToken = default) =>
        FinishAsync(ItemStatus.Completed, output, isError: false, cancellationToken);

    /// <summary>Marks the step failed (<see cref="StepItem.IsError"/>), optionally with an error text to show.</summary>
    /// <param name="error">A user-safe description to show as the output; null keeps the output.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task FailAsync(string? error = null, CancellationToken cancellationToken = default) =>
        FinishAsync(ItemStatus.Failed, error, isError: true, cancellationToken);

    /// <summary>Completes the step if still open, unless the run is being stopped; restores the parent step.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        // Not async on purpose, like BeginStepAsync: restoring the AsyncLocal must reach the caller.
        if (_output.CurrentStep.Value == ItemId)
        {
            _output.CurrentStep.Value = _parentId;
        }

        return Volatile.Read(ref _finished) != 0 || _chat.IsAborted || _output.Run.Finished
            ? ValueTask.CompletedTask
            : new ValueTask(FinishAsync(ItemStatus.Completed, output: null, isError: false, CancellationToken.None));
    }

    private async ValueTask AppendAsync(ItemField field, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return;
        }

        using var token = _chat.Link(cancellationToken);
        await _output.AppendAsync(ItemId, field, text, token.Token);
    }

    private async Task FinishAsync(ItemStatus status, string? output, bool isError, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        using var token = _chat.Link(cancellationToken);
        var now = _output.Now;
        await _output.UpdateAsync(
            ItemId,
            item => item.Status.IsOpen()
                ? ((StepItem)item.Close(status, now)) with { Output = output ?? ((StepItem)item).Output, IsError = isError }
                : item,
            token.Token);
    }
}
