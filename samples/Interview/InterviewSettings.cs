using Parley;

namespace Interview;

/// <summary>The participant's preferences, shown in the chat settings panel.</summary>
internal static class InterviewSettings
{
    public const string Language = "language";
    public const string Reminders = "reminders";
    public const string Detail = "detail";
    public const string Topics = "topics";

    public static ChatSetting[] Schema { get; } =
    [
        new SelectSetting
        {
            Id = Language,
            Label = "Language",
            Options = [new SettingOption("en", "English"), new SettingOption("fr", "Français")],
            Initial = "en",
        },
        new SwitchSetting { Id = Reminders, Label = "Email me a reminder if I stop halfway", Initial = false },
        new SliderSetting { Id = Detail, Label = "How much detail in my summary", Min = 1, Max = 3, Step = 1, Initial = 2 },
        new TagsSetting { Id = Topics, Label = "Topics you would like to talk about" },
    ];
}
