using Microsoft.Extensions.DependencyInjection;
using Parley.Runtime;

namespace Parley.Hosting;

/// <summary>Declares chat profiles, starters, slash commands and default chat settings (<see cref="ParleyOptions.Chat"/>).</summary>
public static class ParleyBuilderChatExtensions
{
    /// <summary>Adds chat profiles: the UI offers them for a new chat; a thread created with another name is refused.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="profiles">The profiles; names unique, 1 to 64 characters.</param>
    /// <exception cref="ArgumentException">A name is empty, too long or used twice, or an icon is not allowed.</exception>
    public static IParleyBuilder WithProfiles(this IParleyBuilder builder, params ChatProfile[] profiles)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckProfiles(profiles, nameof(profiles));
        builder.Services.Configure<ParleyOptions>(o => o.Chat.Profiles.AddRange(profiles));
        return builder;
    }

    /// <summary>Adds starters: buttons on an empty chat (of a profile without its own) that send a first message.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="starters">The starters.</param>
    /// <exception cref="ArgumentException">A label or message is empty, or an icon is not allowed.</exception>
    public static IParleyBuilder WithStarters(this IParleyBuilder builder, params Starter[] starters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckStarters(starters, nameof(starters));
        builder.Services.Configure<ParleyOptions>(o => o.Chat.Starters.AddRange(starters));
        return builder;
    }

    /// <summary>Adds slash commands: the composer offers them; a message with an undeclared command is refused.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="commands">The commands; ids unique, 1 to 64 URL-safe characters.</param>
    /// <exception cref="ArgumentException">An id is not valid or used twice, or an icon is not allowed.</exception>
    public static IParleyBuilder WithCommands(this IParleyBuilder builder, params SlashCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckCommands(commands, nameof(commands));
        builder.Services.Configure<ParleyOptions>(o => o.Chat.Commands.AddRange(commands));
        return builder;
    }

    /// <summary>Sets the chat settings schema every new thread starts with; <see cref="ChatContext.SetSettingsSchemaAsync"/> replaces it per thread.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="settings">The widgets; ids unique, 1 to 64 URL-safe characters.</param>
    /// <exception cref="ArgumentException">The schema is not valid (an id twice, an initial value off its widget).</exception>
    public static IParleyBuilder WithSettings(this IParleyBuilder builder, params ChatSetting[] settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checkedSchema = SettingsSchema.Check(settings, nameof(settings));
        builder.Services.Configure<ParleyOptions>(o =>
        {
            o.Chat.Settings.Clear();
            o.Chat.Settings.AddRange(checkedSchema);
        });
        return builder;
    }

    /// <summary>Checks everything declared, however it was set (the options validator calls it at start-up).</summary>
    internal static IEnumerable<string> Validate(ChatAppOptions chat)
    {
        var failures = new List<string>();
        Try(() => CheckProfiles(chat.Profiles, "Chat.Profiles"));
        Try(() => CheckStarters(chat.Starters, "Chat.Starters"));
        Try(() => CheckCommands(chat.Commands, "Chat.Commands"));
        Try(() => SettingsSchema.Check(chat.Settings, "Chat.Settings"));

        // A starter sends its command as a message; an undeclared one would be refused on every click.
        if (chat.Commands.Count > 0)
        {
            var declared = chat.Commands.Select(c => c?.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var starter in chat.Starters.Concat(chat.Profiles.SelectMany(p => p?.Starters ?? [])))
            {
                if (starter?.Command is { } command && !declared.Contains(command))
                {
                    failures.Add($"The starter '{starter.Label}' sends the command '{command}', which is not among Chat.Commands.");
                }
            }
        }

        return failures;

        void Try(Action check)
        {
            try
            {
                check();
            }
            catch (ArgumentException ex)
            {
                failures.Add(ex.Message);
            }
        }
    }

    private static void CheckProfiles(IEnumerable<ChatProfile> profiles, string paramName)
    {
        ArgumentNullException.ThrowIfNull(profiles, paramName);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            ArgumentNullException.ThrowIfNull(profile, paramName);
            if (CommandValidation.ProfileName(profile.Name) is not null || !names.Add(profile.Name))
            {
                throw new ArgumentException($"The profile name '{profile.Name}' must be 1 to 64 characters with no control characters or surrounding spaces, and unique.", paramName);
            }

            IconValidation.Check(profile.Icon, paramName);
            CheckStarters(profile.Starters, paramName);
        }
    }

    private static void CheckCommands(IEnumerable<SlashCommand> commands, string paramName)
    {
        ArgumentNullException.ThrowIfNull(commands, paramName);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            ArgumentNullException.ThrowIfNull(command, paramName);
            if (!CommandValidation.IsPlausibleId(command.Id) || !ids.Add(command.Id))
            {
                throw new ArgumentException($"The command id '{command.Id}' must be 1 to 64 URL-safe characters, and unique.", paramName);
            }

            IconValidation.Check(command.Icon, paramName);
        }
    }

    private static void CheckStarters(IEnumerable<Starter> starters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(starters, paramName);
        foreach (var starter in starters)
        {
            ArgumentNullException.ThrowIfNull(starter, paramName);
            if (string.IsNullOrWhiteSpace(starter.Label) || string.IsNullOrWhiteSpace(starter.Message))
            {
                throw new ArgumentException("A starter needs a label and a message.", paramName);
            }

            if (starter.Command is not null && !CommandValidation.IsPlausibleId(starter.Command))
            {
                throw new ArgumentException($"The starter command '{starter.Command}' must be 1 to 64 URL-safe characters.", paramName);
            }

            IconValidation.Check(starter.Icon, paramName);
        }
    }
}
