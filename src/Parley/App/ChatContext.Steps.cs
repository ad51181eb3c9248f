using System.Text.Json;

namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>
    /// Begins a visible step; steps begun inside it (in the same async flow, including tasks it
    /// starts) nest under it. Dispose it to complete it; when the run is being stopped, disposing
    /// leaves it for the stop to finish as cancelled.
    /// </summary>
    /// <param name="name">The step's title.</param>
    /// <param name="kind">What the step does. Default <see cref="StepKind.Run"/>.</param>
    /// <param name="input">The step's input, shown with it. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>
    /// An exception thrown inside an <c>await using</c> block cannot be seen by the step; use
    /// <see cref="RunStepAsync{T}"/>, or call <see cref="StepScope.FailAsync"/> in a catch, to mark the step failed.
    /// </remarks>
    public Task<StepScope> BeginStepAsync(string name, StepKind kind = StepKind.Run, string? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Link(cancellationToken).Dispose();

        // Not async on purpose: the current step is an AsyncLocal, and only a synchronous change
        // is visible to the caller's flow after it awaits the returned task.
        var parentId = _output.CurrentStep.Value;
        var id = _output.NewItemId();
        _output.CurrentStep.Value = id;
        return BeginStepCoreAsync(id, parentId, name, kind, input, metadata: null, cancellationToken);
    }

    /// <summary>The step that steps, messages and asks begun in this async flow nest under.</summary>
    internal string? CurrentStepId
    {
        get => _output.CurrentStep.Value;
        set => _output.CurrentStep.Value = value;
    }

    /// <summary>
    /// Begins a step under the current one without making it current: for steps that overlap (a model's
    /// parallel tool calls), each of which is entered explicitly through <see cref="CurrentStepId"/>.
    /// </summary>
    internal Task<StepScope> BeginDetachedStepAsync(string name, StepKind kind, string? input, IReadOnlyDictionary<string, JsonElement>? metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return BeginStepCoreAsync(_output.NewItemId(), _output.CurrentStep.Value, name, kind, input, metadata, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside a step: completed when it returns, failed (and rethrown) when
    /// it throws, cancelled when the run is stopped.
    /// </summary>
    /// <typeparam name="T">The body's result.</typeparam>
    /// <param name="name">The step's title.</param>
    /// <param name="kind">What the step does.</param>
    /// <param name="body">The work.</param>
    /// <param name="input">The step's input. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<T> RunStepAsync<T>(string name, StepKind kind, Func<StepScope, Task<T>> body, string? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var step = await BeginStepAsync(name, kind, input, cancellationToken);
        try
        {
            return await body(step);
        }
        catch when (!IsAborted)
        {
            // The step shows as failed; what went wrong is for the log and OnError, not the UI.
            await step.FailAsync(error: null, cancellationToken);
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> inside a step; see <see cref="RunStepAsync{T}"/>.</summary>
    /// <param name="name">The step's title.</param>
    /// <param name="kind">What the step does.</param>
    /// <param name="body">The work.</param>
    /// <param name="input">The step's input. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RunStepAsync(string name, StepKind kind, Func<StepScope, Task> body, string? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunStepAsync<bool>(name, kind, async step =>
        {
            await body(step);
            return true;
        }, input, cancellationToken);
    }

    private async Task<StepScope> BeginStepCoreAsync(string id, string? parentId, string name, StepKind kind, string? input, IReadOnlyDictionary<string, JsonElement>? metadata, CancellationToken cancellationToken)
    {
        using var token = Link(cancellationToken);
        var now = _output.Now;
        await _output.AddAsync(
            new StepItem
            {
                Id = id,
                Status = ItemStatus.InProgress,
                CreatedAt = now,
                RunId = _output.Run.Id,
                ParentId = parentId,
                Author = _output.AppName,
                Name = name,
                Kind = kind,
                Input = input ?? "",
                StartedAt = now,
                Metadata = metadata,
            },
            token.Token);
        return new StepScope(this, _output, id, parentId);
    }
}
