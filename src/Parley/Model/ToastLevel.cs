using System.Text.Json.Serialization;

namespace Parley;

/// <summary>The severity of a toast notification.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToastLevel>))]
public enum ToastLevel
{
    /// <summary>Neutral information (the default).</summary>
    [JsonStringEnumMemberName("info")] Info,

    /// <summary>Something went well.</summary>
    [JsonStringEnumMemberName("success")] Success,

    /// <summary>Something deserves attention.</summary>
    [JsonStringEnumMemberName("warning")] Warning,

    /// <summary>Something went wrong.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
