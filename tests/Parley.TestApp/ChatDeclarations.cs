using Parley.Hosting;

namespace Parley.TestApp;

/// <summary>The profiles, starters, slash commands and settings the browser tests use.</summary>
internal static class ChatDeclarations
{
    public static IParleyBuilder WithChatDeclarations(this IParleyBuilder builder) => builder
        .WithProfiles(
            new ChatProfile { Name = "Standard", Description = "Everyday answers", Icon = "chat", IsDefault = true },
            new ChatProfile
            {
                Name = "Creative",
                Description = "Poems and stories",
                Icon = "✨",
                Starters = [new Starter("Write a poem", "a poem about the sea", "pen", Command: "draft")],
            })
        .WithStarters(new Starter("Say hello", "hello from a starter", "sparkles"))
        .WithCommands(
            new SlashCommand("search", "Search the web", "search"),
            new SlashCommand("draft", "Draft a text", "pen"),
            new SlashCommand("summarize", "Summarize the chat"))
        .WithSettings(
            new SelectSetting { Id = "model", Label = "Model", Options = [new("small", "Small"), new("large", "Large")] },
            new SwitchSetting { Id = "stream", Label = "Stream replies", Initial = true },
            new SliderSetting { Id = "temperature", Label = "Temperature", Min = 0, Max = 1, Step = 0.1, Initial = 0.5 });
}
