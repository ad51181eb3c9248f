using System.Globalization;

namespace Parley.Faults;

/// <summary>What a drop trial asks the test app for, and the exact reply text it must end with.</summary>
/// <param name="Command">The message sent (a test-app command).</param>
/// <param name="ExpectedText">The assistant message's exact final text.</param>
/// <param name="ExpectedFrames">Roughly how many frames a live subscriber sees (where drops are aimed).</param>
/// <param name="AskAnswer">For an <c>ask</c>: the answer given after the first drop; null otherwise.</param>
internal sealed record DropWorkload(string Command, string ExpectedText, int ExpectedFrames, string? AskAnswer)
{
    /// <summary>A streamed step (<c>stream N DELAY</c>), a fast long reply (<c>long N</c>) or an ask.</summary>
    public static DropWorkload Next(Random random, int trial) => random.Next(5) switch
    {
        < 2 => Stream(random.Next(10, 60), random.Next(1, 10)),
        < 4 => Long(random.Next(200, 1_500)),
        _ => Ask("a" + trial.ToString(CultureInfo.InvariantCulture)),
    };

    private static DropWorkload Stream(int tokens, int delay) => new(
        string.Create(CultureInfo.InvariantCulture, $"stream {tokens} {delay}"),
        string.Concat(Enumerable.Range(0, tokens).Select(i => string.Create(CultureInfo.InvariantCulture, $"t{i} "))),
        tokens + 10,
        null);

    private static DropWorkload Long(int tokens) => new(
        string.Create(CultureInfo.InvariantCulture, $"long {tokens}"),
        string.Concat(Enumerable.Range(0, tokens).Select(LongToken)),
        tokens + 6,
        null);

    private static DropWorkload Ask(string answer) => new("ask", "got " + answer, 10, answer);

    /// <summary>The test app's <c>long</c> token (tests/Parley.TestApp/Payloads.cs), to know the exact text.</summary>
    private static string LongToken(int i) => (i % 400) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"\n\n## Part {(i / 400) + 1}\n\n"),
        100 => "\n\n- a list item\n- another\n\n",
        200 => "\n\n```csharp\nvar x = 1;\n```\n\n",
        _ => string.Create(CultureInfo.InvariantCulture, $"w{i} "),
    };
}
