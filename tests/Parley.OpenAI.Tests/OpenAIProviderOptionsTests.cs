using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.OpenAI.Tests;

public sealed class OpenAIProviderOptionsTests
{
    [Fact]
    public void FromEnvironment_NothingSet_Null() =>
        Assert.Null(OpenAIProviderOptions.FromEnvironment(_ => null));

    [Fact]
    public void FromEnvironment_BaseUrlOnly_LocalServerWithDefaultModel()
    {
        var options = OpenAIProviderOptions.FromEnvironment(name => name == "OPENAI_BASE_URL" ? "http://localhost:11434/v1" : null);

        Assert.Equal(new Uri("http://localhost:11434/v1"), options!.BaseUrl);
        Assert.Null(options.ApiKey);
        Assert.Equal("gpt-4o-mini", options.Model);
    }

    [Fact]
    public void FromEnvironment_AllSet_AllUsed()
    {
        var values = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = "https://example.test/v1", ["OPENAI_API_KEY"] = "k", ["OPENAI_MODEL"] = "m" };

        var options = OpenAIProviderOptions.FromEnvironment(values.GetValueOrDefault);

        Assert.Equal(("k", "m"), (options!.ApiKey, options.Model));
    }

    [Fact]
    public void AddOpenAIChatClient_Configured_RegistersTheClient()
    {
        var services = new ServiceCollection().AddOpenAIChatClient(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:1/v1");
            o.Model = "m";
        });

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        Assert.IsType<OpenAICompatibleChatClient>(client);
        Assert.Equal("m", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }
}
