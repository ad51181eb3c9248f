using System.Text.Json.Serialization;

namespace Parley;

/// <summary>What a step does; the UI picks its icon and wording from it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    /// <summary>A generic unit of work (the default).</summary>
    [JsonStringEnumMemberName("run")] Run,

    /// <summary>A tool or function call.</summary>
    [JsonStringEnumMemberName("tool")] Tool,

    /// <summary>A call to a language model.</summary>
    [JsonStringEnumMemberName("llm")] Llm,

    /// <summary>A retrieval from a search index or knowledge base.</summary>
    [JsonStringEnumMemberName("retrieval")] Retrieval,

    /// <summary>An embedding computation.</summary>
    [JsonStringEnumMemberName("embedding")] Embedding,

    /// <summary>A reranking pass.</summary>
    [JsonStringEnumMemberName("rerank")] Rerank,

    /// <summary>Anything else.</summary>
    [JsonStringEnumMemberName("other")] Other,
}
