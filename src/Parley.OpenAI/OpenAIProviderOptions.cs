namespace Parley.OpenAI;

/// <summary>Where an OpenAI-compatible server is, and which model to use.</summary>
public sealed class OpenAIProviderOptions
{
    /// <summary>
    /// The API's base address, up to and including <c>/v1</c> (for example <c>http://localhost:11434/v1</c>
    /// for Ollama). Default null: OpenAI's own.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key. Local servers that need none accept any value. Default null (then <c>"none"</c> is sent).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model id, for example <c>gpt-4o-mini</c> or <c>llama3.1</c>. Required.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// Options read from <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c> and <c>OPENAI_MODEL</c>, or null when
    /// neither a key nor a base address is set (no provider configured). The model defaults to
    /// <c>gpt-4o-mini</c> when only the key or address is set.
    /// </summary>
    /// <param name="variables">Reads a variable; default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static OpenAIProviderOptions? FromEnvironment(Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var baseUrl = NullIfBlank(variables("OPENAI_BASE_URL"));
        var apiKey = NullIfBlank(variables("OPENAI_API_KEY"));
        if (baseUrl is null && apiKey is null)
        {
            return null;
        }

        return new OpenAIProviderOptions
        {
            BaseUrl = baseUrl is null ? null : new Uri(baseUrl, UriKind.Absolute),
            ApiKey = apiKey,
            Model = NullIfBlank(variables("OPENAI_MODEL")) ?? "gpt-4o-mini",
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
