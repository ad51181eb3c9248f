using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>Collects what a model's streamed reply says about itself: finish reason and token usage.</summary>
internal sealed class ResponseSummary
{
    private ChatFinishReason? _finishReason;
    private string? _modelId;
    private long? _input;
    private long? _output;
    private long? _total;

    public ChatFinishReason? FinishReason => _finishReason;

    public void Add(ChatResponseUpdate update)
    {
        _finishReason = update.FinishReason ?? _finishReason;
        _modelId = update.ModelId ?? _modelId;
        foreach (var content in update.Contents)
        {
            if (content is UsageContent { Details: var usage })
            {
                _input = Sum(_input, usage.InputTokenCount);
                _output = Sum(_output, usage.OutputTokenCount);
                _total = Sum(_total, usage.TotalTokenCount);
            }
        }
    }

    public IReadOnlyDictionary<string, JsonElement>? ToMetadata(IReadOnlyDictionary<string, JsonElement>? existing)
    {
        if (_finishReason is null && _modelId is null && _input is null && _output is null && _total is null)
        {
            return existing;
        }

        var metadata = existing is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(existing, StringComparer.Ordinal);
        if (_finishReason is { } reason)
        {
            metadata["finishReason"] = JsonSerializer.SerializeToElement(reason.Value, Serialization.ParleyJsonContext.Default.String);
        }

        if (_modelId is { } model)
        {
            metadata["model"] = JsonSerializer.SerializeToElement(model, Serialization.ParleyJsonContext.Default.String);
        }

        if (_input is not null || _output is not null || _total is not null)
        {
            var usage = new Dictionary<string, long>(StringComparer.Ordinal);
            Put(usage, "inputTokens", _input);
            Put(usage, "outputTokens", _output);
            Put(usage, "totalTokens", _total ?? (_input + _output));
            metadata["usage"] = JsonSerializer.SerializeToElement(usage, Serialization.ParleyJsonContext.Default.DictionaryStringInt64);
        }

        return metadata;
    }

    private static long? Sum(long? a, long? b) => b is null ? a : (a ?? 0) + b;

    private static void Put(Dictionary<string, long> usage, string key, long? value)
    {
        if (value is { } v)
        {
            usage[key] = v;
        }
    }
}
