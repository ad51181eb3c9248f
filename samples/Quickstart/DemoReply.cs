using System.Text;
using System.Text.RegularExpressions;

namespace Quickstart;

/// <summary>Composes a few hundred words of varied markdown about a message, deterministically.</summary>
internal sealed partial record DemoReply(string Markdown, int Sections, int Words)
{
    private static readonly string[] Openers =
    [
        "Good question. Here is how I would think about **{0}**.",
        "Let's take **{0}** apart step by step.",
        "Here is a structured answer about **{0}**.",
    ];

    private static readonly string[] Points =
    [
        "Start from what you already know and write it down; most of the answer is usually there.",
        "Name the constraints first: time, money, people and risk shape every option.",
        "Prefer the simplest thing that could work, then measure before you optimise.",
        "Make the failure modes explicit — what happens when the network drops or the process restarts?",
        "Keep a record of decisions, so the next person knows why, not just what.",
        "Test the behaviour a user sees, not only the pieces behind it.",
        "Small steps that each leave things working beat one big leap.",
    ];

    public static DemoReply Compose(string message)
    {
        var topic = Topic(message);
        var seed = message.Aggregate(17, (h, c) => unchecked((h * 31) + c));
        var random = new Random(seed);
        var text = new StringBuilder();
        text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Openers[random.Next(Openers.Length)], topic)).Append("\n\n");

        text.Append("## The short answer\n\n");
        text.Append("It depends on the context, but a good default is to keep things **simple**, *observable* and ")
            .Append("easy to undo. The rest of this reply expands on that.\n\n");

        text.Append("## Things to consider\n\n");
        foreach (var point in Points.OrderBy(_ => random.Next()).Take(4))
        {
            text.Append("- ").Append(point).Append('\n');
        }

        text.Append("\n## A small example\n\n```csharp\n")
            .Append("// Parley streams this reply token by token; press Stop at any time.\n")
            .Append("await foreach (var token in model.StreamAsync(prompt, cancellationToken))\n{\n")
            .Append("    await reply.AppendAsync(token);\n}\n```\n\n");

        text.Append("## Trade-offs at a glance\n\n| Option | Effort | Risk |\n|---|---|---|\n")
            .Append("| Do it by hand | low | medium |\n| Automate it | medium | low |\n| Buy a tool | high | low |\n\n");

        text.Append("> A conversation in Parley survives a reload, a lost connection and a server restart — ")
            .Append("try reloading the page while I am still writing.\n\n");

        text.Append("## Next steps\n\n1. Write down the goal in one sentence.\n2. List what could go wrong.\n")
            .Append("3. Try the smallest version and look at the result.\n\nAsk me a follow-up if you want to go deeper.");

        var markdown = text.ToString();
        return new DemoReply(markdown, Sections: 5, Words: WordRegex().Count(markdown));
    }

    /// <summary>Splits text into model-like tokens: words with their leading space, punctuation, newlines.</summary>
    public static IEnumerable<string> Tokens(string markdown) =>
        TokenRegex().Matches(markdown).Select(m => m.Value);

    private static string Topic(string message)
    {
        var trimmed = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        trimmed = trimmed.Replace("*", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        return trimmed.Length <= 60 ? trimmed : trimmed[..60].TrimEnd() + "…";
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@" ?[\p{L}\p{N}_']+| ?[^\s\p{L}\p{N}_']|\n+| +")]
    private static partial Regex TokenRegex();
}
