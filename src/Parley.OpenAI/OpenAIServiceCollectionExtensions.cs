using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Parley.OpenAI;

/// <summary>Registers an OpenAI-compatible model as the app's <see cref="IChatClient"/>.</summary>
public static class OpenAIServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OpenAICompatibleChatClient"/> as the singleton <see cref="IChatClient"/>,
    /// configured from <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c> and <c>OPENAI_MODEL</c>, then
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Overrides what the environment says. Default none.</param>
    /// <exception cref="InvalidOperationException">No model is configured.</exception>
    public static IServiceCollection AddOpenAIChatClient(this IServiceCollection services, Action<OpenAIProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = OpenAIProviderOptions.FromEnvironment() ?? new OpenAIProviderOptions();
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException("No model is configured: set OPENAI_MODEL or OpenAIProviderOptions.Model.");
        }

        services.TryAddSingleton<IChatClient>(new OpenAICompatibleChatClient(options));
        return services;
    }

    /// <summary>
    /// Like <see cref="AddOpenAIChatClient"/> when the environment names a provider
    /// (<c>OPENAI_BASE_URL</c> or <c>OPENAI_API_KEY</c>); otherwise registers nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>Whether a model was registered.</returns>
    public static bool TryAddOpenAIChatClientFromEnvironment(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (OpenAIProviderOptions.FromEnvironment() is not { } options)
        {
            return false;
        }

        services.TryAddSingleton<IChatClient>(new OpenAICompatibleChatClient(options));
        return true;
    }
}
