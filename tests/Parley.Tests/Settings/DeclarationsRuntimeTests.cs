using Microsoft.Extensions.DependencyInjection;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.Tests.Settings;

public sealed class DeclarationsRuntimeTests
{
    private static readonly ChatProfile Fast = new() { Name = "Fast", Description = "Quick answers", Icon = "⚡" };
    private static readonly ChatProfile Deep = new() { Name = "Deep research", IsDefault = true, Starters = [new Starter("Plan", "Plan a trip")] };

    [Fact]
    public async Task CreateThreadAsync_DeclaredProfile_OnThreadAndContext()
    {
        ChatProfile? seen = null;
        var script = new AppScript { ChatStart = chat => Task.FromResult(seen = chat.Profile) };
        await using var harness = await RuntimeHarness.StartAsync(script, options: o => o.Chat.Profiles.AddRange([Fast, Deep]));

        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c-1", "Fast", null, CancellationToken.None);
        await script.Hooks.WaitForAsync("ChatStart");

        Assert.Equal("Fast", created.Thread.Profile);
        Assert.Equal(Fast, seen);
    }

    [Fact]
    public async Task CreateThreadAsync_NoProfileGiven_DefaultProfile()
    {
        await using var harness = await RuntimeHarness.StartAsync(options: o => o.Chat.Profiles.AddRange([Fast, Deep]));

        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c-1", null, null, CancellationToken.None);

        Assert.Equal("Deep research", created.Thread.Profile);
    }

    [Fact]
    public async Task CreateThreadAsync_UnknownProfile_RefusedAndNothingCreated()
    {
        await using var harness = await RuntimeHarness.StartAsync(options: o => o.Chat.Profiles.AddRange([Fast, Deep]));

        var refusal = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.CreateThreadAsync(harness.User, "c-1", "Slow", null, CancellationToken.None));

        Assert.Equal("profile", refusal.Field);
        var list = await harness.Runtime.ListThreadsAsync(harness.User, 10, null, null, CancellationToken.None);
        Assert.Empty(list.Threads);
    }

    [Fact]
    public async Task CreateThreadAsync_NoProfilesDeclared_ProfileKeptAsGiven()
    {
        await using var harness = await RuntimeHarness.StartAsync();

        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c-1", "anything", null, CancellationToken.None);

        Assert.Equal("anything", created.Thread.Profile);
    }

    [Fact]
    public async Task PostMessageAsync_CommandsDeclared_DeclaredAcceptedOthersRefused()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script, options: o => o.Chat.Commands.Add(new SlashCommand("search", "Search the web", "search")));
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.Runtime.PostMessageAsync(harness.User, threadId, "m-1", "cats", "search", CancellationToken.None);
        var refusal = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.PostMessageAsync(harness.User, threadId, "m-2", "cats", "draw", CancellationToken.None));

        Assert.Equal("search", accepted.Item.Command);
        Assert.Equal("command", refusal.Field);
        await events.WaitForRunFinishedAsync(2);
        Assert.Single(events.Replica.Items.OfType<UserMessage>());
    }

    [Fact]
    public void WithProfiles_SchemeIcon_Throws()
    {
        var builder = new ServiceCollection().AddParleyCore<ScriptedApp>();

        Assert.Throws<ArgumentException>(() => builder.WithProfiles(new ChatProfile { Name = "x", Icon = "javascript:alert(1)" }));
        Assert.Throws<ArgumentException>(() => builder.WithStarters(new Starter("a", "b", Icon: "//evil.example/x.png")));
        Assert.Throws<ArgumentException>(() => builder.WithCommands(new SlashCommand("has space", "x")));
        Assert.Throws<ArgumentException>(() => builder.WithProfiles(Fast, Fast));
        builder.WithProfiles(new ChatProfile { Name = "ok", Icon = "/icons/ok.svg" }).WithStarters(new Starter("a", "b", "sparkles")).WithCommands(new SlashCommand("go", "Go", "🚀"));
    }

    [Fact]
    public async Task StartAsync_InvalidDeclarationsInOptions_FailsAtStartUp()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RuntimeHarness.StartAsync(options: o =>
        {
            o.Chat.Commands.Add(new SlashCommand("go", "Go"));
            o.Chat.Commands.Add(new SlashCommand("go", "Again"));
            o.Chat.Starters.Add(new Starter("x", "y", Icon: "javascript:alert(1)"));
        }));

        Assert.Contains(failure.Failures, f => f.Contains("'go'", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("javascript:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_StarterWithAnUndeclaredCommand_FailsAtStartUp()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RuntimeHarness.StartAsync(options: o =>
        {
            o.Chat.Commands.Add(new SlashCommand("search", "Search"));
            o.Chat.Profiles.Add(new ChatProfile { Name = "Fast", Starters = [new Starter("Paint", "a cat", Command: "paint")] });
        }));

        Assert.Contains(failure.Failures, f => f.Contains("'paint'", StringComparison.Ordinal));
    }
}
