namespace Parley.Faults;

/// <summary>The ids the attacker knows: its own, and the victim's (which it must never reach).</summary>
internal sealed class KnownIds
{
    public required string VictimThread { get; init; }

    public required IReadOnlyList<string> VictimItems { get; init; }

    public required string VictimFile { get; init; }

    public required string OwnThread { get; init; }

    public IReadOnlyList<string> OwnItems { get; set; } = [];

    public required string OwnFile { get; init; }
}
