using Parley.Hosting;

namespace Parley.Runtime;

/// <summary>Checks commands against what the app declared (<see cref="ParleyOptions.Chat"/>).</summary>
internal static class ChatDeclarations
{
    /// <summary>
    /// The profile a new thread gets: with no profiles declared, the client's as given; else a declared
    /// one (the default when the client named none). An undeclared name is refused.
    /// </summary>
    public static string? Profile(ChatAppOptions chat, string? profile)
    {
        if (chat.Profiles.Count == 0)
        {
            return profile;
        }

        return profile is null
            ? chat.DefaultProfile?.Name
            : chat.FindProfile(profile)?.Name ?? throw ChatCommandException.Invalid("profile", "There is no such chat profile.");
    }

    /// <summary>With commands declared, a message's command must be one of them.</summary>
    public static void Command(ChatAppOptions chat, string? command)
    {
        if (command is not null && chat.Commands.Count > 0 && chat.Commands.All(c => c.Id != command))
        {
            throw ChatCommandException.Invalid("command", "There is no such command.");
        }
    }
}
