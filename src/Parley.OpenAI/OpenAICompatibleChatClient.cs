using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AI = Microsoft.Extensions.AI;

namespace Parley.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for any server that speaks OpenAI's chat completions API (OpenAI, Azure
/// OpenAI's v1 endpoint, Ollama, vLLM, LM Studio), on the official <c>OpenAI</c> package. Streams text,
/// tool calls (assembled from their fragments) and token usage. Cancelling the token closes the HTTP
/// request to the provider.
/// </summary>
/// <remarks>Thread-safe: every call is independent.</remarks>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The server, key and model.</param>
    public OpenAICompatibleChatClient(OpenAIProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model);
        var clientOptions = new OpenAIClientOptions();
        if (options.BaseUrl is { } baseUrl)
        {
            clientOptions.Endpoint = baseUrl;
        }

        _client = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey ?? "none"), clientOptions);
        _metadata = new ChatClientMetadata("openai", options.BaseUrl ?? new Uri("https://api.openai.com/v1"), options.Model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AI.ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var mapper = new OpenAIUpdateMapper();
        var stream = _client.CompleteChatStreamingAsync(OpenAIRequestMapper.ToOpenAIMessages(messages), OpenAIRequestMapper.ToOpenAIOptions(options), cancellationToken);
        await foreach (var chunk in stream.WithCancellation(cancellationToken))
        {
            foreach (var update in mapper.Map(chunk))
            {
                yield return update;
            }
        }

        foreach (var update in mapper.Complete())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(ChatClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The OpenAI package's client holds no resources of its own to release.
    }
}
